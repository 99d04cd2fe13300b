package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SpanrelException;
import dev.spanrel.testing.TinyTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run files a user or a crash left damaged give a message naming the file, never a stack trace of our own. */
class DamagedRunFilesTest {
    @TempDir Path tmp;

    private Path runWithState(String stateJson) throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("checkpoint.safetensors"), "tensors");
        Files.writeString(run.resolve("checkpoint.json"), stateJson);
        return run;
    }

    @Test
    void anEmptyCheckpointStateNamesTheFile() throws IOException {
        Path run = runWithState("");
        assertThatThrownBy(() -> Checkpoint.read(run)).isInstanceOf(SpanrelException.class)
                .hasMessage(run.resolve("checkpoint.json") + ": the file is empty, expected JSON");
    }

    @Test
    void aCheckpointStateWithoutItsFieldsNamesTheFileAndWhatIsMissing() throws IOException {
        String expected = ": not a checkpoint state: expected an object with the integers epochsDone and stepsDone"
                + " and the string configDigest";
        Path run = runWithState("{}");
        assertThatThrownBy(() -> Checkpoint.read(run)).isInstanceOf(SpanrelException.class)
                .hasMessage(run.resolve("checkpoint.json") + expected);
        Path array = runWithState("[1, 2]");
        assertThatThrownBy(() -> Checkpoint.read(array)).hasMessage(array.resolve("checkpoint.json") + expected);
        Path text = runWithState("{\"epochsDone\": \"3\", \"stepsDone\": 10, \"configDigest\": \"abc\"}");
        assertThatThrownBy(() -> Checkpoint.read(text)).hasMessage(text.resolve("checkpoint.json") + expected);
    }

    @Test
    void anEmptyTrainingFileIsAClearError() throws IOException {
        TinyTask task = TinyTask.eightConll04Sentences(tmp);
        Path empty = Files.writeString(tmp.resolve("empty_train.json"), "[]");
        TrainConfig config = task.config("train=" + empty, "epochs=1");
        TrainingRun trainer = new TrainingRun(config, task.data(), new PrintStream(new ByteArrayOutputStream()), false);
        assertThatThrownBy(() -> trainer.train(tmp.resolve("out"), false)).isInstanceOf(SpanrelException.class)
                .hasMessage(empty + ": no documents to train on");
    }
}
