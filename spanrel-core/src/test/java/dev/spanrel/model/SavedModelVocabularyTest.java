package dev.spanrel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.SpanrelException;
import dev.spanrel.encoder.Encoders;
import dev.spanrel.encoder.PretrainedEncoder;
import dev.spanrel.testing.TinyTask;
import dev.spanrel.text.WordPieceTokenizer;
import dev.spanrel.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vocab.txt that does not fit the model's embedding table is refused when the model is opened. */
class SavedModelVocabularyTest {
    @TempDir Path tmp;
    Path modelDir;
    int rows;

    @BeforeEach
    void saveATinyModel() throws IOException {
        TinyTask task = TinyTask.eightConll04Sentences(tmp);
        PretrainedEncoder encoder = Encoders.loadDirectory(task.encoder());
        rows = encoder.config().vocabSize();
        modelDir = tmp.resolve("model");
        try (NDManager manager = NDManager.newBaseManager(); WordPieceTokenizer tokenizer = encoder.tokenizer()) {
            SpanRelModel model = new SpanRelModel(encoder.config(), TrainConfig.defaults().modelConfig(),
                    task.types().entityTypeCount(), task.types().relationTypeCount());
            model.initialize(manager);
            SavedModel.write(modelDir, model, task.types(), tokenizer, new ObjectMapper().createObjectNode());
        }
    }

    private void assertRefused(List<String> vocab) throws IOException {
        Path file = modelDir.resolve("vocab.txt");
        Files.write(file, vocab);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> SavedModel.load(modelDir, manager)).isInstanceOf(SpanrelException.class)
                    .hasMessage(file + ": " + vocab.size() + " entries, but the model's word embedding table has " + rows
                            + " rows (vocab_size of " + modelDir.resolve("config.json")
                            + "); the vocabulary is not the one this model was trained with");
        }
    }

    @Test
    void aShorterVocabularyIsRefused() throws IOException {
        List<String> vocab = Files.readAllLines(modelDir.resolve("vocab.txt"));
        assertThat(vocab).hasSize(rows);
        assertRefused(vocab.subList(0, rows / 2));
    }

    @Test
    void aLongerVocabularyIsRefused() throws IOException {
        List<String> vocab = new ArrayList<>(Files.readAllLines(modelDir.resolve("vocab.txt")));
        vocab.add("extra");
        vocab.add("##extra");
        assertRefused(vocab);
    }

    @Test
    void theMatchingVocabularyLoads() {
        try (NDManager manager = NDManager.newBaseManager(); SavedModel.Loaded loaded = SavedModel.load(modelDir, manager)) {
            assertThat(loaded.tokenizer().vocabSize()).isEqualTo(rows);
        }
    }
}
