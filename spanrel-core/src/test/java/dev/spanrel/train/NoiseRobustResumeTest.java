package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.data.DataDirectory;
import dev.spanrel.encoder.FloatTensor;
import dev.spanrel.encoder.SafetensorsReader;
import dev.spanrel.testing.TinyTask;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each noise-robust option trains on the tiny task, and a run killed after its second epoch resumes to what the
 * uninterrupted run gives; the option changes the training (the weights differ from the default losses').
 */
class NoiseRobustResumeTest {
    @TempDir Path tmp;
    /** The default losses' model on the same task and seed, trained once for all options. */
    @TempDir static Path shared;
    private static Path baselineModel;

    @ParameterizedTest
    @ValueSource(strings = {
        "entityLoss=gce relationLoss=gce",
        "entityLoss=sce relationLoss=sce",
        "smallLossRate=0.4 smallLossWarmup=0.2 smallLossRamp=0.3",
        "forwardCorrectionEpoch=1 forwardCorrectionConfidence=0.3",
    })
    void optionTrainsAndResumesToTheUninterruptedResult(String option) throws Exception {
        TinyTask task = TinyTask.eightConll04Sentences(tmp);
        List<String> settings = new ArrayList<>(List.of("epochs=3", "seed=5"));
        TrainConfig baseline = task.config(settings.toArray(String[]::new));
        settings.addAll(Arrays.asList(option.split(" ")));
        TrainConfig config = task.config(settings.toArray(String[]::new));
        DataDirectory dir = task.data();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        TrainingResult uninterrupted = new TrainingRun(config, dir, quiet, false).train(tmp.resolve("a"), false);
        Path run = tmp.resolve("b");
        assertThatThrownBy(() -> new TrainingRun(config, dir, quiet, false, TrainingListener.afterEpoch(epochs -> {
            if (epochs == 2) {
                throw new IllegalStateException("simulated crash");
            }
        })).train(run, false)).hasMessageContaining("simulated crash");
        boolean corrects = config.robustness().forwardCorrectionEpoch() > 0;
        // The estimate made after epoch 1 is carried by every later checkpoint; without correction none is written.
        assertThat(Files.readString(run.resolve("checkpoint.json")).contains("\"transitions\"")).isEqualTo(corrects);
        TrainingResult resumed = new TrainingRun(config, dir, quiet, false).train(run, true);

        assertThat(resumed.test()).isEqualTo(uninterrupted.test());
        assertThat(largestDifference(tmp.resolve("a/model/model.safetensors"), run.resolve("model/model.safetensors")))
                .isLessThanOrEqualTo(1e-5);
        assertThat(uninterrupted.transitionEstimate().isObject()).isEqualTo(corrects);
        if (corrects) {
            assertThat(resumed.transitionEstimate()).isEqualTo(uninterrupted.transitionEstimate());
        }

        if (baselineModel == null) {
            new TrainingRun(baseline, dir, quiet, false).train(shared.resolve("baseline"), false);
            baselineModel = shared.resolve("baseline/model/model.safetensors");
        }
        assertThat(largestDifference(baselineModel, tmp.resolve("a/model/model.safetensors")))
                .as("the option changes what is trained").isGreaterThan(1e-4);
    }

    private static double largestDifference(Path expected, Path actual) {
        Map<String, FloatTensor> a = SafetensorsReader.read(expected);
        Map<String, FloatTensor> b = SafetensorsReader.read(actual);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        double worst = 0;
        for (String name : a.keySet()) {
            float[] x = a.get(name).values();
            float[] y = b.get(name).values();
            for (int i = 0; i < x.length; i++) {
                worst = Math.max(worst, Math.abs((double) x[i] - y[i]));
            }
        }
        return worst;
    }
}
