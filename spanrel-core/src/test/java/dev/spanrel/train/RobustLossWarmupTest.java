package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.spanrel.model.BatchTensors;
import dev.spanrel.model.SpanRelModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code robustLossWarmup}: Poly-1 on the positives for the first share of the updates, the robust loss after. */
class RobustLossWarmupTest {
    @Test
    void positivesTrainOnPolyOneUntilTheWarmUpEndsThenOnTheRobustLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Three positive spans and one negative, two classes, T = 1 (the spans of SmallLossSelectionTest).
            // p of the label: 0.5, 1/(1 + e^2) = 0.119203, 1/(1 + e^-3) = 0.952574; the negative's 1/(1 + e) = 0.268941.
            // Poly-1 (ε = 1), CE + 1 − p: 1.193147, 3.007725, 0.096013 and 2.044320; mean 1.585301.
            // GCE (q = 0.7), (1 − p^q)/q, on the positives: 0.549183, 1.106240, 0.047770; the negative stays on
            // Poly-1 (2.044320); mean 0.936878.
            NDArray logits = m.create(new float[] {0, 0, 2, 0, 0, 3, 0, 1}, new Shape(1, 4, 2));
            NDArray labels = m.create(new long[] {1, 1, 1, 0}, new Shape(1, 4));
            NDArray mask = m.create(new float[] {1, 1, 1, 1}, new Shape(1, 4));
            BatchTensors tensors = new BatchTensors(null, null, null, null, null, null, labels, mask, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty());
            SpanRelModel.Outputs out = new SpanRelModel.Outputs(logits, Optional.empty());
            // 10 updates, a warm-up of 30 %: updates 0, 1 and 2 on Poly-1.
            TrainingObjective objective = new TrainingObjective(
                    TrainConfig.defaults().with(List.of("entityLoss=gce", "gceQ=0.7", "robustLossWarmup=0.3")), 10);
            assertThat(objective.loss(out, tensors, 0).getFloat()).isCloseTo(1.585301f, within(2e-6f));
            assertThat(objective.loss(out, tensors, 2).getFloat()).isCloseTo(1.585301f, within(2e-6f));
            assertThat(objective.loss(out, tensors, 3).getFloat()).isCloseTo(0.936878f, within(2e-6f));
            assertThat(objective.loss(out, tensors, 9).getFloat()).isCloseTo(0.936878f, within(2e-6f));
            TrainingObjective fromTheStart = new TrainingObjective(
                    TrainConfig.defaults().with(List.of("entityLoss=gce", "gceQ=0.7")), 10);
            assertThat(fromTheStart.loss(out, tensors, 0).getFloat()).isCloseTo(0.936878f, within(2e-6f));
        }
    }

    @Test
    void isAnotherTrainingAndNeedsARobustLoss() {
        TrainConfig base = TrainConfig.defaults().with(List.of("relationLoss=sce"));
        assertThat(base.with(List.of("robustLossWarmup=0.1")).identityJson())
                .isNotEqualTo(base.identityJson());
        assertThat(base.with(List.of("robustLossWarmup=0.1")).losses().robustLossWarmup()).isEqualTo(0.1);
        assertThatThrownBy(() -> TrainConfig.defaults().with(List.of("robustLossWarmup=0.1")))
                .hasMessage("robustLossWarmup delays a gce or sce loss; it does nothing with entityLoss=poly1 and relationLoss=bce");
        assertThatThrownBy(() -> base.with(List.of("robustLossWarmup=1")))
                .hasMessageStartingWith("robustLossWarmup must be in [0, 1)");
    }
}
