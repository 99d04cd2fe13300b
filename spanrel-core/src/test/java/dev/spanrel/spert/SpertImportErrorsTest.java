package dev.spanrel.spert;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SharedFolder;
import dev.spanrel.SpanrelException;
import dev.spanrel.encoder.FloatTensor;
import dev.spanrel.encoder.TorchZipReader;
import dev.spanrel.encoder.TorchZipWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is not a SpERT model, or not with these types or this vocabulary, is refused naming file and tensor or field. */
class SpertImportErrorsTest {
    private static final Path MODEL = SpertFixtureTest.FIXTURE.resolve("model");

    @TempDir Path tmp;

    private void importing(Path checkpoint, Path types, SpertSettings settings) {
        SpertImport.run(checkpoint, types, Optional.empty(), settings, tmp.resolve("out"));
    }

    @Test
    void aHuggingFaceBertIsNotASpertModel() {
        Path bert = SharedFolder.fixture("tiny-bert");
        assertThatThrownBy(() -> importing(bert, SpertFixtureTest.TYPES, SpertSettings.defaults()))
                .isInstanceOf(SpanrelException.class)
                .hasMessageContaining(bert.resolve("config.json").toString())
                .hasMessageContaining("'spert_version' is missing");
    }

    @Test
    void aCheckpointWithoutTheRelationClassifierIsNotSperts() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("no-rel"));
        Files.copy(MODEL.resolve("config.json"), dir.resolve("config.json"));
        Map<String, FloatTensor> tensors = new LinkedHashMap<>(TorchZipReader.read(MODEL.resolve("pytorch_model.bin")));
        tensors.remove("rel_classifier.weight");
        tensors.remove("rel_classifier.bias");
        TorchZipWriter.write(dir.resolve("pytorch_model.bin"), tensors);
        assertThatThrownBy(() -> importing(dir, SpertFixtureTest.TYPES, SpertSettings.defaults()))
                .hasMessageContaining(dir.resolve("pytorch_model.bin").toString())
                .hasMessageContaining("tensor 'rel_classifier.weight' is missing: not a SpERT checkpoint");
    }

    @Test
    void typesWithFewerEntityTypesThanTheClassifierAreRefused() throws IOException {
        Path types = tmp.resolve("three_entities.json");
        Files.writeString(types, Files.readString(SpertFixtureTest.TYPES)
                .replace(", \"Other\": {\"short\": \"Other\", \"verbose\": \"Other\"}", ""));
        assertThatThrownBy(() -> importing(MODEL, types, SpertSettings.defaults()))
                .hasMessageContaining("tensor 'entity_classifier.weight' has 5 rows but " + types + " needs 4");
    }

    @Test
    void typesWithMoreRelationTypesThanTheClassifierAreRefused() throws IOException {
        Path types = tmp.resolve("six_relations.json");
        Files.writeString(types, Files.readString(SpertFixtureTest.TYPES).replace("\"Kill\": {",
                "\"Born_In\": {\"short\": \"Born\", \"verbose\": \"Born in\", \"symmetric\": false}, \"Kill\": {"));
        assertThatThrownBy(() -> importing(MODEL, types, SpertSettings.defaults()))
                .hasMessageContaining("tensor 'rel_classifier.weight' has 5 rows but " + types + " needs 6");
    }

    @Test
    void aModelWithoutItsVocabularyIsRefusedWithTheWayOut() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("no-vocab"));
        Files.createSymbolicLink(dir.resolve("config.json"), MODEL.resolve("config.json").toAbsolutePath());
        Files.createSymbolicLink(dir.resolve("pytorch_model.bin"), MODEL.resolve("pytorch_model.bin").toAbsolutePath());
        assertThatThrownBy(() -> importing(dir, SpertFixtureTest.TYPES, SpertSettings.defaults()))
                .hasMessageContaining(dir + ": no vocab.txt")
                .hasMessageContaining("--vocab");
    }

    @Test
    void aSizeEmbeddingOtherThanTheCheckpointsIsRefused() {
        SpertSettings settings = SpertSettings.defaults().withOverrides(List.of("size_embedding=50"));
        assertThatThrownBy(() -> importing(MODEL, SpertFixtureTest.TYPES, settings))
                .hasMessageContaining("tensor 'size_embeddings.weight' is 100 x 25");
    }

    @Test
    void unknownAndMalformedSettingsAreRefused() {
        assertThatThrownBy(() -> SpertSettings.defaults().withOverrides(List.of("epochs=3")))
                .hasMessageContaining("unknown key 'epochs'");
        assertThatThrownBy(() -> SpertSettings.defaults().withOverrides(List.of("rel_filter_threshold=1.5")))
                .hasMessageContaining("rel_filter_threshold must be a number in [0, 1]");
    }
}
