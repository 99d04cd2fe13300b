package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SpanrelException;
import dev.spanrel.testing.TinyTask;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trainings that meet another run in their {@code --out}: refused, or replacing it only once they have a model. */
class RunGuardTrainingTest {
    @TempDir Path tmp;
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void aSecondTrainingIntoADirectoryInUseIsRefusedAndTheFirstFinishes() throws Exception {
        TinyTask task = TinyTask.firstConll04Sentences(tmp, 4);
        TrainConfig config = task.config("epochs=2");
        Path run = tmp.resolve("run");
        AtomicReference<Throwable> second = new AtomicReference<>();
        new TrainingRun(config, task.data(), quiet, false, TrainingListener.afterEpoch(epochs -> {
            if (epochs == 1) {
                try {
                    new TrainingRun(config, task.data(), quiet, false).train(run, true);
                } catch (RuntimeException e) {
                    second.set(e);
                }
            }
        })).train(run, false);
        assertThat(second.get()).isInstanceOf(SpanrelException.class)
                .hasMessageContaining("another run is writing into this directory (pid " + ProcessHandle.current().pid());
        assertThat(run.resolve("model/model.safetensors")).exists();
        assertThat(run.resolve("results.json")).exists();
    }

    @Test
    void aFreshTrainingOverAFinishedRunIsRefusedBeforeItRewritesTheConfig() throws Exception {
        TinyTask task = TinyTask.firstConll04Sentences(tmp, 4);
        Path run = tmp.resolve("run");
        new TrainingRun(task.config("epochs=1"), task.data(), quiet, false).train(run, false);
        byte[] config = Files.readAllBytes(run.resolve("config.json"));
        byte[] model = Files.readAllBytes(run.resolve("model/model.safetensors"));
        assertThatThrownBy(() -> new TrainingRun(task.config("epochs=1", "seed=9"), task.data(), quiet, false).train(run, false))
                .isInstanceOf(SpanrelException.class).hasMessageContaining("already holds a run");
        assertThatThrownBy(() -> new TrainingRun(task.config("epochs=1", "seed=9"), task.data(), quiet, false).train(run, true))
                .isInstanceOf(SpanrelException.class).hasMessageContaining("has finished");
        assertThat(Files.readAllBytes(run.resolve("config.json"))).isEqualTo(config);
        assertThat(Files.readAllBytes(run.resolve("model/model.safetensors"))).isEqualTo(model);
    }

    @Test
    void anOverwriteKilledMidwayKeepsTheOldRunAndItsResumeReplacesItWithTheUninterruptedModel() throws Exception {
        TinyTask task = TinyTask.firstConll04Sentences(tmp, 4);
        TrainConfig oldConfig = task.config("epochs=2", "seed=1");
        TrainConfig newConfig = task.config("epochs=2", "seed=2");
        TrainingResult uninterrupted = new TrainingRun(newConfig, task.data(), quiet, false).train(tmp.resolve("reference"), false);

        Path run = tmp.resolve("run");
        new TrainingRun(oldConfig, task.data(), quiet, false).train(run, false);
        byte[] oldConfigFile = Files.readAllBytes(run.resolve("config.json"));
        byte[] oldModel = Files.readAllBytes(run.resolve("model/model.safetensors"));
        byte[] oldResults = Files.readAllBytes(run.resolve("results.json"));

        assertThatThrownBy(() -> new TrainingRun(newConfig, task.data(), quiet, false, TrainingListener.afterEpoch(epochs -> {
            throw new IllegalStateException("killed after epoch " + epochs);
        })).train(run, RunDirectory.Start.OVERWRITE)).hasMessage("killed after epoch 1");
        assertThat(Files.readAllBytes(run.resolve("config.json"))).isEqualTo(oldConfigFile);
        assertThat(Files.readAllBytes(run.resolve("model/model.safetensors"))).isEqualTo(oldModel);
        assertThat(Files.readAllBytes(run.resolve("results.json"))).isEqualTo(oldResults);

        TrainingResult resumed = new TrainingRun(newConfig, task.data(), quiet, false).train(run, true);
        assertThat(resumed.test()).isEqualTo(uninterrupted.test());
        assertThat(Files.readAllBytes(run.resolve("model/model.safetensors")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("reference/model/model.safetensors")))
                .isNotEqualTo(oldModel);
        assertThat(Files.readString(run.resolve("config.json"))).contains("\"seed\" : 2");
        assertThat(run.resolve(RunDirectory.STAGING)).doesNotExist();
        assertThat(Checkpoint.read(run)).isEmpty();
    }
}
