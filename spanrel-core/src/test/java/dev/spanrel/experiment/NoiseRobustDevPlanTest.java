package dev.spanrel.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dev selection plan of the noise-robust options: every candidate's config reads (names, ranges and
 * combinations checked), full and quick, and all of them train on noisy train and score on clean dev.
 */
class NoiseRobustDevPlanTest {
    @Test
    void everyCandidateTrainsOnNoisyTrainAndScoresOnCleanDev() {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        Plan plan = Plan.read(repository.resolve("experiments/noise-robust-dev.json"));
        List<String> options = new ArrayList<>();
        for (PlanExperiment experiment : plan.experiments()) {
            Path file = repository.resolve(experiment.config());
            TrainConfig config = TrainConfig.read(file, experiment.set());
            List<String> quick = new ArrayList<>(experiment.set());
            quick.addAll(plan.quick().orElseThrow().set());
            TrainConfig.read(file, quick);
            assertThat(config.data().train()).as(experiment.name()).isEqualTo("scierc/scierc_train.json");
            assertThat(config.data().test()).as(experiment.name()).isEqualTo("scierc/scierc_dev.json");
            assertThat(config.noise().trainNoiseRate()).isEqualTo(0.4);
            assertThat(config.noise().trainNoiseSeed()).isEqualTo(1);
            assertThat(config.optimization().precision()).isEqualTo("bf16");
            assertThat(experiment.seeds()).containsExactly(1L);
            options.add(config.losses().entityLoss() + "/" + config.losses().relationLoss() + "/"
                    + config.losses().robustLossWarmup() + "/" + config.robustness().smallLossRate() + "/"
                    + config.robustness().forwardCorrectionEpoch() + "/" + config.robustness().forwardCorrectionConfidence());
        }
        assertThat(options).containsExactly("poly1/bce/0.0/0.0/0/0.9", "gce/gce/0.0/0.0/0/0.9", "gce/gce/0.1/0.0/0/0.9",
                "sce/sce/0.1/0.0/0/0.9", "poly1/bce/0.0/0.2/0/0.9", "poly1/bce/0.0/0.4/0/0.9", "poly1/bce/0.0/0.0/2/0.9",
                "poly1/bce/0.0/0.0/2/0.5");
    }
}
