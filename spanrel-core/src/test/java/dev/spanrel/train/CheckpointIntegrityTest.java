package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SpanrelException;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.testing.TinyTask;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A checkpoint is one unit: a run killed at any of its writes resumes to the uninterrupted run's model, and a
 * checkpoint whose parts do not belong together is refused with a message, never trained on.
 */
class CheckpointIntegrityTest {
    @TempDir Path tmp;
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    /** Stands for kill -9: nothing after it runs, not even the trainer's own clean-up of the epoch. */
    private static final class SimulatedKill extends Error {
        SimulatedKill(String where) {
            super("killed before " + where);
        }
    }

    @AfterEach
    void clearHook() {
        Checkpoint.setWriteHookForTests(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"write checkpoint-epoch-0002.safetensors", "write checkpoint.json", "remove older tensors"})
    void aRunKilledAtAnyCheckpointWriteResumesToTheUninterruptedModel(String killPoint) throws Exception {
        TinyTask task = TinyTask.firstConll04Sentences(tmp, 4);
        TrainConfig config = task.config("epochs=3", "seed=5");
        DataDirectory dir = task.data();
        TrainingResult uninterrupted = new TrainingRun(config, dir, quiet, false).train(tmp.resolve("a"), false);

        Path run = tmp.resolve("b");
        // Killed during the second epoch's checkpoint, once the first is complete on disk.
        boolean[] secondEpoch = {false};
        Checkpoint.setWriteHookForTests(operation -> {
            secondEpoch[0] |= operation.equals("write checkpoint-epoch-0002.safetensors");
            if (secondEpoch[0] && operation.equals(killPoint)) {
                throw new SimulatedKill(operation);
            }
        });
        assertThatThrownBy(() -> new TrainingRun(config, dir, quiet, false).train(run, false)).isInstanceOf(SimulatedKill.class);
        Checkpoint.setWriteHookForTests(null);
        // What a kill during the tensor write leaves: its temp file, which the next write removes.
        Path stale = Files.writeString(run.resolve(".checkpoint-epoch-0002.safetensors123.tmp"), "half");

        int expectedEpoch = killPoint.equals("remove older tensors") ? 2 : 1;
        assertThat(Checkpoint.read(run).orElseThrow().epochsDone()).isEqualTo(expectedEpoch);
        TrainingResult resumed = new TrainingRun(config, dir, quiet, false).train(run, true);

        assertThat(resumed.test()).isEqualTo(uninterrupted.test());
        assertThat(Files.readAllBytes(run.resolve("model/model.safetensors")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("a/model/model.safetensors")));
        assertThat(stale).doesNotExist();
        try (Stream<Path> left = Files.list(run)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.contains("checkpoint"))).isEmpty();
        }
    }

    @Test
    void anEpochCheckpointKeepsOnlyItsOwnTensorFile() throws Exception {
        TinyTask task = TinyTask.firstConll04Sentences(tmp, 4);
        Path run = tmp.resolve("run");
        assertThatThrownBy(() -> new TrainingRun(task.config("epochs=3"), task.data(), quiet, false, TrainingListener.afterEpoch(epochs -> {
            if (epochs == 2) {
                throw new IllegalStateException("stop");
            }
        })).train(run, false)).hasMessage("stop");
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint")).sorted().toList())
                    .containsExactly("checkpoint-epoch-0002.safetensors", "checkpoint.json");
        }
        assertThat(Files.readString(run.resolve("checkpoint.json")))
                .contains("\"file\":\"checkpoint-epoch-0002.safetensors\"").contains("\"sha256\":\"");
    }

    @Test
    void tensorsThatChangedAfterTheManifestAreRefusedBeforeTraining() throws Exception {
        TinyTask task = TinyTask.firstConll04Sentences(tmp, 4);
        TrainConfig config = task.config("epochs=3");
        Path run = tmp.resolve("run");
        assertThatThrownBy(() -> new TrainingRun(config, task.data(), quiet, false, TrainingListener.afterEpoch(epochs -> {
            throw new IllegalStateException("stop");
        })).train(run, false)).hasMessage("stop");
        Path tensors = run.resolve("checkpoint-epoch-0001.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(tensors.toFile(), "rw")) {
            f.seek(f.length() - 3);
            int b = f.read();
            f.seek(f.length() - 3);
            f.write(b ^ 0x10);
        }
        assertThatThrownBy(() -> new TrainingRun(config, task.data(), quiet, false).train(run, true))
                .isInstanceOf(SpanrelException.class)
                .hasMessageContaining("checkpoint-epoch-0001.safetensors has SHA-256")
                .hasMessageContaining("without --resume");
        assertThat(run.resolve("model")).doesNotExist();
    }

    @Test
    void aTruncatedOrMissingTensorFileIsRefused() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.write(run.resolve("checkpoint-epoch-0004.safetensors"), new byte[10]);
        Files.writeString(run.resolve("checkpoint.json"), "{\"epochsDone\":4,\"stepsDone\":40,\"configDigest\":\"ab\","
                + "\"tensors\":{\"file\":\"checkpoint-epoch-0004.safetensors\",\"bytes\":20,\"sha256\":\"00\"}}");
        assertThatThrownBy(() -> Checkpoint.read(run)).isInstanceOf(SpanrelException.class)
                .hasMessageContaining("has 10 bytes, the manifest wrote 20");
        Files.delete(run.resolve("checkpoint-epoch-0004.safetensors"));
        assertThatThrownBy(() -> Checkpoint.read(run)).isInstanceOf(SpanrelException.class)
                .hasMessageContaining("checkpoint-epoch-0004.safetensors, is missing");
    }

    @Test
    void anOldStyleCheckpointWhoseTensorsAreNewerThanItsStateIsRefused() throws Exception {
        // The defect of the old two-move write: killed between the moves, the tensors are one epoch ahead.
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("checkpoint.json"), "{\"epochsDone\":5,\"stepsDone\":720,\"configDigest\":\"1f2e\"}");
        Files.write(run.resolve("checkpoint.safetensors"), new byte[0]);
        Files.setLastModifiedTime(run.resolve("checkpoint.json"), FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(run.resolve("checkpoint.safetensors"), FileTime.fromMillis(2_000_000));
        assertThatThrownBy(() -> Checkpoint.read(run)).isInstanceOf(SpanrelException.class)
                .hasMessageContaining("checkpoint.safetensors was written after it");
    }

    @Test
    void emptyOrIncompleteManifestsGetAMessage() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        for (String content : List.of("", "{}", "[1]", "{\"epochsDone\":\"x\",\"stepsDone\":1,\"configDigest\":\"a\"}")) {
            Files.writeString(run.resolve("checkpoint.json"), content);
            Files.write(run.resolve("checkpoint.safetensors"), new byte[0]);
            Files.setLastModifiedTime(run.resolve("checkpoint.safetensors"), FileTime.fromMillis(1_000_000));
            assertThatThrownBy(() -> Checkpoint.read(run)).as(content).isInstanceOf(SpanrelException.class)
                    .hasMessageStartingWith(run.resolve("checkpoint.json").toString());
        }
    }
}
