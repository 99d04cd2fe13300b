package dev.spanrel.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** Row gathering is differentiable in the table for every row, row 0 included (no padding index). */
class GatherRowsTest {
    @Test
    void gradientReachesEveryGatheredRow() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray table = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2));
            table.setRequiresGradient(true);
            NDArray indices = m.create(new long[] {0, 2, 0}, new Shape(3));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray rows = SpanRelModel.gatherRows(table, indices);
                assertThat(rows.toFloatArray()).containsExactly(1, 2, 5, 6, 1, 2);
                gc.backward(rows.sum());
            }
            assertThat(table.getGradient().toFloatArray()).containsExactly(2, 2, 0, 0, 1, 1);
        }
    }
}
