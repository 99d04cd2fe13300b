package dev.spanrel.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The published protocol of the noise-robust option: each point trains as the baseline's point of table2-noise does
 * (the same data, noise, seeds and precision) with the option on, and the option is the one of its dev candidate.
 */
class NoiseRobustPlanTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private static TrainConfig config(PlanExperiment experiment, List<String> extra) {
        List<String> set = new ArrayList<>(experiment.set());
        set.addAll(extra);
        return TrainConfig.read(REPOSITORY.resolve(experiment.config()), set);
    }

    private static PlanExperiment named(Plan plan, String name) {
        return plan.experiments().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyPointIsTheBaselinesPointWithTheDevCandidatesOption() {
        Plan robust = Plan.read(REPOSITORY.resolve("experiments/noise-robust.json"));
        Plan baseline = Plan.read(REPOSITORY.resolve("experiments/table2-noise.json"));
        Plan dev = Plan.read(REPOSITORY.resolve("experiments/noise-robust-dev.json"));
        TrainConfig.Robustness chosen = config(named(dev, "scierc-dev-noise-40-small-loss-40"), List.of()).robustness();
        String[] points = {"0", "20", "40"};
        assertThat(robust.experiments()).hasSize(points.length);
        for (int i = 0; i < points.length; i++) {
            PlanExperiment experiment = robust.experiments().get(i);
            PlanExperiment twin = named(baseline, "scierc-noise-" + points[i]);
            TrainConfig config = config(experiment, List.of());
            TrainConfig base = config(twin, List.of());
            config(experiment, robust.quick().orElseThrow().set());
            assertThat(experiment.noiseRate()).isEqualTo(twin.noiseRate());
            assertThat(experiment.seeds()).isEqualTo(twin.seeds()).containsExactly(1L, 2L, 3L);
            assertThat(config.data()).isEqualTo(base.data());
            assertThat(config.noise()).isEqualTo(base.noise());
            assertThat(config.noise().trainNoiseRate()).isEqualTo(twin.noiseRate().getAsDouble());
            assertThat(config.optimization()).isEqualTo(base.optimization());
            assertThat(config.losses()).isEqualTo(base.losses());
            assertThat(config.robustness()).isEqualTo(chosen).isNotEqualTo(base.robustness());
            assertThat(config.robustness().smallLossRate()).isEqualTo(0.4);
        }
    }
}
