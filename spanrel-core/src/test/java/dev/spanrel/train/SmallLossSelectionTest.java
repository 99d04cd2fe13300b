package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.spanrel.model.BatchTensors;
import dev.spanrel.model.SpanRelModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Small-loss selection: its schedule, what it leaves out, and that the objective leaves exactly that out. */
class SmallLossSelectionTest {
    @Test
    void shareIsZeroDuringTheWarmUpThenRampsLinearlyToTheRate() {
        // 100 updates, warm-up 10 % (updates 0-9), ramp 20 % (updates 10-30), rate 0.4.
        SmallLossSelection selection = new SmallLossSelection(0.4, 0.1, 0.2, 100);
        assertThat(selection.share(0)).isZero();
        assertThat(selection.share(9)).isZero();
        assertThat(selection.share(10)).isZero();
        assertThat(selection.share(15)).isCloseTo(0.1, within(1e-12)); // 0.4 · 5 / 20
        assertThat(selection.share(20)).isCloseTo(0.2, within(1e-12));
        assertThat(selection.share(30)).isCloseTo(0.4, within(1e-12));
        assertThat(selection.share(99)).isCloseTo(0.4, within(1e-12));
        assertThat(new SmallLossSelection(0.3, 0.5, 0, 10).share(5)).isEqualTo(0.3);
        assertThat(new SmallLossSelection(0, 0, 0, 10).share(5)).isZero();
    }

    @Test
    void leavesOutTheHighestLossShareOfTheRealPositivesOnly() {
        float[] losses = {5, 1, 9, 3, 7, 20};
        boolean[] positive = {true, true, true, true, true, false};
        float[] mask = {1, 1, 1, 1, 0, 1};
        // Four real positives (sample 4 is padding), half of them out: the losses 9 and 5. The negative with the
        // highest loss of all stays.
        assertThat(SmallLossSelection.keep(losses, positive, mask, 0.5)).containsExactly(0, 1, 0, 1, 0, 1);
        // ⌊0.3 · 4⌋ = 1: only the 9.
        assertThat(SmallLossSelection.keep(losses, positive, mask, 0.3)).containsExactly(1, 1, 0, 1, 0, 1);
        assertThat(SmallLossSelection.keep(losses, positive, mask, 0)).containsExactly(mask);
        assertThat(mask).containsExactly(1, 1, 1, 1, 0, 1);
    }

    @Test
    void objectiveAveragesOverTheKeptSamples() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Three positive spans and one negative, cross-entropy with T = 1. Logits (0, 0) give each class 1/2;
            // (2, 0) against label 1 gives p_1 = 1/(1 + e^2) = 0.119203, CE 2.126928; (0, 3) for label 1, CE
            // log(1 + e^−3) = 0.048587; the negative (0, 1), label 0: CE log(1 + e) = 1.313262.
            // Positive CEs: 0.693147, 2.126928, 0.048587. With a share of 0.5, ⌊1.5⌋ = 1 out: the 2.126928.
            // Loss = (0.693147 + 0.048587 + 1.313262) / 3 = 0.684999.
            var logits = m.create(new float[] {0, 0, 2, 0, 0, 3, 0, 1}, new Shape(1, 4, 2));
            var labels = m.create(new long[] {1, 1, 1, 0}, new Shape(1, 4));
            var mask = m.create(new float[] {1, 1, 1, 1}, new Shape(1, 4));
            BatchTensors tensors = new BatchTensors(null, null, null, null, null, null, labels, mask, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
            TrainConfig config = TrainConfig.defaults().with(List.of("entityLoss=cross-entropy", "smallLossRate=0.5",
                    "smallLossWarmup=0", "smallLossRamp=0"));
            float selected = new TrainingObjective(config, 10).loss(new SpanRelModel.Outputs(logits, Optional.empty()), tensors, 0).getFloat();
            assertThat(selected).isCloseTo(0.684999f, within(2e-6f));
            // Without selection: all four, (0.693147 + 2.126928 + 0.048587 + 1.313262) / 4 = 1.045481.
            TrainConfig off = TrainConfig.defaults().with(List.of("entityLoss=cross-entropy"));
            float all = new TrainingObjective(off, 10).loss(new SpanRelModel.Outputs(logits, Optional.empty()), tensors, 0).getFloat();
            assertThat(all).isCloseTo(1.045481f, within(2e-6f));
        }
    }
}
