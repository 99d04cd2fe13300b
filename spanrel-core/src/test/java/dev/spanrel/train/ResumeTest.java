package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spanrel.data.DataDirectory;
import dev.spanrel.encoder.FloatTensor;
import dev.spanrel.encoder.Precision;
import dev.spanrel.encoder.SafetensorsReader;
import dev.spanrel.testing.TinyTask;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A run that dies after an epoch resumes from its checkpoint and ends where an uninterrupted run ends. */
class ResumeTest {
    @TempDir Path tmp;

    /** In float32 and with bfloat16 matmuls: a resumed run ends where an uninterrupted one ends. */
    @ParameterizedTest
    @ValueSource(strings = {"fp32", "bf16"})
    void interruptedRunResumesToTheSameResult(String precision) throws Exception {
        assumeTrue(precision.equals("fp32") || Precision.cpuHasBf16(), "this CPU has no native bfloat16");
        TinyTask task = TinyTask.eightConll04Sentences(tmp);
        // The training file doubles as the dev file, so there is a per-epoch history to carry over.
        TrainConfig config = task.config("epochs=6", "seed=3", "dev=" + task.train(), "precision=" + precision);
        DataDirectory dir = task.data();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        TrainingResult uninterrupted = new TrainingRun(config, dir, quiet, false).train(tmp.resolve("a"), false);

        Path run = tmp.resolve("b");
        assertThatThrownBy(() -> new TrainingRun(config, dir, quiet, false, TrainingListener.afterEpoch(epochs -> {
            if (epochs == 3) {
                throw new IllegalStateException("simulated crash");
            }
        })).train(run, false)).hasMessageContaining("simulated crash");
        assertThat(run.resolve("checkpoint.json")).exists();
        assertThat(Files.readString(run.resolve("checkpoint.json"))).contains("\"epochsDone\":3");
        double secondsBeforeCrash = Checkpoint.read(run).orElseThrow().secondsSpent();
        assertThat(secondsBeforeCrash).isPositive();

        long resumeStart = System.nanoTime();
        TrainingResult resumed = new TrainingRun(config, dir, quiet, false).train(run, true);
        double secondsAfterResume = (System.nanoTime() - resumeStart) / 1e9;
        assertThat(resumed.test()).isEqualTo(uninterrupted.test());
        // Not only the same scores: the same weights. Bit for bit nearly always; libtorch does not promise bitwise
        // repeatable float kernels on a loaded CPU (one CI run of many differed from byte 4880 on, scores equal), so
        // the weights must agree to 1e-5, far below what one lost piece of state moves them (lr 0.003 a step).
        assertSameWeights(tmp.resolve("a/model/model.safetensors"), run.resolve("model/model.safetensors"));
        // The resumed run reports all six epochs and the time of both legs, not only its own.
        assertThat(resumed.devHistory()).isEqualTo(uninterrupted.devHistory());
        assertThat(resumed.devHistory()).hasSize(6);
        // Recorded, and carried over the resume: here no update was skipped.
        assertThat(resumed.skippedUpdates().isArray()).isTrue();
        assertThat(resumed.skippedUpdates()).isEqualTo(uninterrupted.skippedUpdates()).isEmpty();
        assertThat(resumed.wallSeconds())
                .isGreaterThan(secondsAfterResume)
                .isLessThanOrEqualTo(secondsBeforeCrash + secondsAfterResume);
        assertThat(run.resolve("checkpoint.json")).doesNotExist();
    }

    private static void assertSameWeights(Path expected, Path actual) {
        Map<String, FloatTensor> a = SafetensorsReader.read(expected);
        Map<String, FloatTensor> b = SafetensorsReader.read(actual);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String name : a.keySet()) {
            float[] x = a.get(name).values();
            float[] y = b.get(name).values();
            assertThat(y.length).as(name).isEqualTo(x.length);
            double worst = 0;
            for (int i = 0; i < x.length; i++) {
                worst = Math.max(worst, Math.abs((double) x[i] - y[i]));
            }
            assertThat(worst).as("largest difference in " + name).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void resumingWithAnotherConfigIsRefused() throws Exception {
        TinyTask task = TinyTask.firstConll04Sentences(tmp, 4);
        TrainConfig config = task.config("epochs=2");
        DataDirectory dir = task.data();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Path run = tmp.resolve("run");
        assertThatThrownBy(() -> new TrainingRun(config, dir, quiet, false, TrainingListener.afterEpoch(epochs -> {
            throw new IllegalStateException("stop");
        })).train(run, false)).hasMessage("stop");
        TrainConfig other = config.with(List.of("learningRate=0.001"));
        assertThatThrownBy(() -> new TrainingRun(other, dir, quiet, false).train(run, true))
                .hasMessageContaining("the checkpoint was made with another config (learningRate: 0.003 → 0.001); resume with");
    }

    @Test
    void checkpointsWrittenBeforeTimeAndHistoryWereKeptStillRead() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("old"));
        Files.write(run.resolve("checkpoint.safetensors"), new byte[0]);
        Files.writeString(run.resolve("checkpoint.json"), "{\"epochsDone\":5,\"stepsDone\":720,\"configDigest\":\"1f2e\"}");
        // That format moved the tensors into place first, the state second.
        Files.setLastModifiedTime(run.resolve("checkpoint.safetensors"), FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(run.resolve("checkpoint.json"), FileTime.fromMillis(2_000_000));
        Checkpoint.State state = Checkpoint.read(run).orElseThrow();
        assertThat(state.epochsDone()).isEqualTo(5);
        assertThat(state.stepsDone()).isEqualTo(720);
        assertThat(state.secondsSpent()).isZero();
        assertThat(state.devHistory()).isEmpty();
    }
}
