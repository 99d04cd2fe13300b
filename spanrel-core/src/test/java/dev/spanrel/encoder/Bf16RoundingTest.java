package dev.spanrel.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Bf16Weights#round} rounds as libtorch's cast to bfloat16 does, ties and extremes included. */
class Bf16RoundingTest {
    @Test
    void roundingAgreesWithLibtorchsCast() {
        Random random = new Random(5);
        float[] values = new float[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (i % 5) {
                case 0 -> (float) random.nextGaussian() * 0.02f;
                case 1 -> Float.intBitsToFloat(random.nextInt()); // any bit pattern
                case 2 -> Float.intBitsToFloat((random.nextInt() & 0xffff0000) | 0x8000); // exact ties
                case 3 -> Float.intBitsToFloat((random.nextInt() & 0xffff0000) | 0x7fff); // just below a tie
                default -> (float) random.nextGaussian() * 1e-39f; // subnormals
            };
        }
        values[0] = Float.MAX_VALUE;
        values[1] = -Float.MAX_VALUE;
        values[2] = Float.POSITIVE_INFINITY;
        values[3] = -0f;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray cast = Bf16Cast.apply(manager.create(values));
            ShortBuffer bits = JniUtils.getByteBuffer((PtNDArray) cast, true).order(ByteOrder.nativeOrder()).asShortBuffer();
            for (int i = 0; i < values.length; i++) {
                short expected = bits.get(i);
                if (Float.isNaN(values[i])) {
                    assertThat(Float.isNaN(Bf16Weights.widen(Bf16Weights.round(values[i])))).as("NaN stays NaN").isTrue();
                    continue;
                }
                assertThat(Bf16Weights.round(values[i])).as("bits %08x", Float.floatToRawIntBits(values[i])).isEqualTo(expected);
                assertThat(Bf16Weights.widen(expected)).isEqualTo(Float.intBitsToFloat(expected << 16));
            }
        }
    }
}
