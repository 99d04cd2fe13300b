package dev.spanrel.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A predicting encoder that keeps its projection matrices in bfloat16 only gives the hidden states the casting
 * bfloat16 path gives, float for float, and refuses what needs the freed float32 weights.
 */
class Bf16WeightsOnlyTest {
    @Test
    void bfloat16WeightsAlonePredictAsTheCastingPath() throws Exception {
        assumeTrue(Precision.cpuHasBf16(), "this CPU has no native bfloat16");
        try (NDManager manager = NDManager.newBaseManager()) {
            BertModel casting = tinyBert(manager);
            BertModel halves = tinyBert(manager);
            halves.useBf16WeightsOnly(manager);
            NDArray ids = manager.create(new long[] {2, 17, 45, 17, 93, 3, 2, 60, 11, 3, 0, 0}, new Shape(2, 6));
            NDArray mask = manager.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new Shape(2, 6));
            float[] expected = casting.forward(new ParameterStore(manager, false), new NDList(ids, mask), false).head().toFloatArray();
            float[] actual = halves.forward(new ParameterStore(manager, false), new NDList(ids, mask), false).head().toFloatArray();
            assertThat(Arrays.mismatch(expected, actual)).as("first differing hidden state").isEqualTo(-1);

            assertThatThrownBy(() -> halves.setPrecision(Precision.FP32)).hasMessageContaining("bfloat16 only");
            assertThat(halves.namedParameters().get("encoder.layer.0.attention.self.query.weight").isInitialized()).isFalse();
            assertThat(halves.namedParameters().get("encoder.layer.0.attention.self.query.bias").isInitialized()).isTrue();
        }
    }

    private static BertModel tinyBert(NDManager manager) throws Exception {
        return TinyBertFixture.load(manager, Precision.BF16);
    }
}
