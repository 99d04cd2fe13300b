package dev.spanrel.testing;

import dev.spanrel.SharedFolder;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The first few CoNLL04 training sentences and a {@link TinyEncoder} over their words, written to a folder: what
 * the training tests learn in seconds. Tests train and score on the same file.
 */
public record TinyTask(List<Document> docs, TypeSystem types, Path train, Path typesFile, Path encoder, DataDirectory data) {
    public static TinyTask eightConll04Sentences(Path folder) throws IOException {
        return firstConll04Sentences(folder, 8);
    }

    public static TinyTask firstConll04Sentences(Path folder, int count) throws IOException {
        Path data = SharedFolder.path().resolve("data");
        TypeSystem types = conll04Types();
        return of(folder, SpertJson.readDocuments(data.resolve("conll04/conll04_train.json"), types).subList(0, count));
    }

    /** CoNLL04's entity and relation types, which {@link #of} trains with. */
    public static TypeSystem conll04Types() {
        return SpertJson.readTypes(SharedFolder.path().resolve("data/conll04/conll04_types.json"));
    }

    /** A task of the given documents (annotated with {@link #conll04Types()}) and a tiny encoder over their words. */
    public static TinyTask of(Path folder, List<Document> docs) throws IOException {
        Path data = SharedFolder.path().resolve("data");
        Path typesFile = data.resolve("conll04/conll04_types.json");
        TypeSystem types = SpertJson.readTypes(typesFile);
        Path train = folder.resolve("train.json");
        SpertJson.writeDocuments(train, docs);
        Path encoder = TinyEncoder.write(folder.resolve("encoder"), docs);
        return new TinyTask(docs, types, train, typesFile, encoder, DataDirectory.locate(Optional.of(data)));
    }

    /**
     * A config that trains and tests on the eight sentences with the tiny encoder, at settings that learn fast
     * (batch 4, learning rate 0.003, no warm-up, no dropout) in float32 on every CPU (the default, auto, would pick
     * bfloat16 on some machines only), then {@code settings} (epochs, seed, precision, ...) on top.
     */
    public TrainConfig config(String... settings) {
        List<String> all = new ArrayList<>(List.of("train=" + train, "test=" + train, "types=" + typesFile,
                "encoder=" + encoder, "batchSize=4", "learningRate=0.003", "warmup=0.0", "dropout=0.0", "precision=fp32"));
        all.addAll(List.of(settings));
        return TrainConfig.defaults().with(all);
    }
}
