package dev.spanrel.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.spanrel.data.Document;
import dev.spanrel.encoder.BertConfig;
import dev.spanrel.encoder.BertModel;
import dev.spanrel.encoder.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A small randomly initialised BERT (2 layers, 32 wide) written as an encoder directory, with a vocabulary made of
 * the given documents' words and characters: fast enough to train in a unit test.
 */
public final class TinyEncoder {
    private TinyEncoder() {}

    public static Path write(Path dir, List<Document> docs) throws IOException {
        Set<String> vocab = new LinkedHashSet<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (Document doc : docs) {
            for (String word : doc.tokens()) {
                vocab.add(word);
                word.codePoints().forEach(c -> {
                    vocab.add(new String(Character.toChars(c)));
                    vocab.add("##" + new String(Character.toChars(c)));
                });
            }
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve("vocab.txt"), new ArrayList<>(vocab));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        BertConfig config = new BertConfig(vocab.size(), 32, 2, 4, 64, 512, 2, 1e-12, 0.0, 0.0);
        config.write(dir.resolve("config.json"));
        try (NDManager manager = NDManager.newBaseManager()) {
            // Seeded, so every test process starts from the same weights and a test's outcome cannot vary by run.
            Engine.getInstance().setRandomSeed(20261130);
            BertModel model = new BertModel(config, false);
            model.initialize(manager);
            SafetensorsWriter.write(dir.resolve("model.safetensors"), model.exportWeights());
        }
        return dir;
    }
}
