package dev.spanrel.spark;

import dev.spanrel.SharedFolder;
import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.spert.SpertImport;
import dev.spanrel.spert.SpertSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A real small model that finds entities and relations, cheaply: the one SpERT trained on CoNLL04 (the
 * spert-tiny-conll04 fixture, a 2-layer BERT), imported; and CoNLL04's test sentences as texts.
 */
final class SpertFixtureModel {
    private SpertFixtureModel() {}

    static Path importInto(Path dir) {
        Path fixture = SharedFolder.fixture("spert-tiny-conll04");
        SpertSettings settings = SpertSettings.defaults().withSpertConfig(fixture.resolve("train.conf"));
        SpertImport.run(fixture.resolve("model"), SharedFolder.data("conll04/conll04_types.json"), Optional.empty(), settings, dir);
        return dir;
    }

    /** CoNLL04's test sentences, their words joined by spaces. */
    static List<String> texts() {
        List<Document> docs = SpertJson.readDocuments(SharedFolder.data("conll04/conll04_test.json"),
                SpertJson.readTypes(SharedFolder.data("conll04/conll04_types.json")));
        return docs.stream().map(d -> String.join(" ", d.tokens())).toList();
    }
}
