package dev.spanrel.train;

import dev.spanrel.SpanrelException;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training reads: the type system and the train, dev and test documents, with the files they came from (the
 * run's provenance records their checksums). From Java they may be documents in memory, with no files.
 *
 * @param types the entity and relation types
 * @param train the documents to train on, clean (a config's label noise is put on them by the run)
 * @param dev documents scored after every epoch, or none
 * @param test documents scored once at the end, or none
 * @param files the files by role ({@code types}, {@code train}, {@code dev}, {@code test}); empty for documents
 *     made in memory
 */
public record TrainingData(TypeSystem types, List<Document> train, List<Document> dev, List<Document> test,
        Map<String, Path> files) {
    /**
     * Checks there is something to train on.
     *
     * @throws SpanrelException if {@code train} is empty
     */
    public TrainingData {
        if (train.isEmpty()) {
            String where = files.containsKey("train") ? files.get("train") + ": " : "";
            throw new SpanrelException(where + "no documents to train on");
        }
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files)); // in order: provenance lists them so
    }

    /**
     * Documents in memory, no files behind them.
     *
     * @param types the entity and relation types the documents are annotated with
     * @param train the documents to train on
     * @param dev documents scored after every epoch (may be empty)
     * @param test documents scored at the end (may be empty)
     * @return the data
     */
    public static TrainingData of(TypeSystem types, List<Document> train, List<Document> dev, List<Document> test) {
        return new TrainingData(types, train, dev, test, Map.of());
    }

    /**
     * The files a config names, resolved against {@code data}, each read in full or to the config's {@code limit}.
     *
     * @param config the config naming {@code types}, {@code train} and optionally {@code dev} and {@code test}
     * @param data the directory relative paths resolve against
     * @return the data
     * @throws SpanrelException if the config names no train or types file, or a file cannot be read (the message
     *     names the file, document and field)
     */
    public static TrainingData read(TrainConfig config, DataDirectory data) {
        if (config.data().train().isEmpty() || config.data().types().isEmpty()) {
            throw new SpanrelException("the config must name 'train' and 'types' files");
        }
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("types", data.resolve(config.data().types()));
        files.put("train", data.resolve(config.data().train()));
        if (!config.data().dev().isEmpty()) {
            files.put("dev", data.resolve(config.data().dev()));
        }
        if (!config.data().test().isEmpty()) {
            files.put("test", data.resolve(config.data().test()));
        }
        TypeSystem types = SpertJson.readTypes(files.get("types"));
        List<Document> train = config.limited(SpertJson.readDocuments(files.get("train"), types));
        if (train.isEmpty()) {
            throw new SpanrelException(files.get("train") + ": no documents to train on");
        }
        List<Document> dev = files.containsKey("dev") ? config.limited(SpertJson.readDocuments(files.get("dev"), types)) : List.of();
        List<Document> test = files.containsKey("test") ? config.limited(SpertJson.readDocuments(files.get("test"), types)) : List.of();
        return new TrainingData(types, train, dev, test, files);
    }
}
