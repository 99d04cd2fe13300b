package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.spanrel.encoder.BertModel;
import dev.spanrel.encoder.TinyBertFixture;
import dev.spanrel.encoder.Bf16Weights;
import dev.spanrel.encoder.Precision;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * bfloat16 weight copies kept between updates compute what casting every weight at every forward pass computes: a
 * 2-layer BERT trained 4 updates (dropout on, clipping and decay on) both ways ends with the same float32 weights
 * bit for bit, the same moments and the same gradient norms, under each AdamW kernel; the copies then hold the
 * weights rounded as libtorch rounds.
 */
class Bf16WeightCopiesTest {
    private static final int UPDATES = 4;

    @Test
    void copiesTrainBitForBitAsTheCastingPathWithTheVectorKernel() throws Exception {
        assumeTrue(AdamWKernel.best() instanceof VectorAdamWKernel, "no Vector API in this JVM");
        compare(VectorAdamWKernel::new);
    }

    @Test
    void copiesTrainBitForBitAsTheCastingPathWithTheBlockKernel() throws Exception {
        compare(BlockAdamWKernel::new);
    }

    @Test
    void copiesTrainBitForBitAsTheCastingPathWithTheScalarKernel() throws Exception {
        compare(ScalarAdamWKernel::new);
    }

    @Test
    void refreshRoundsTheWeightsAgainAndClosingReturnsTheEncoderToCasting() throws Exception {
        assumeTrue(Precision.cpuHasBf16(), "this CPU has no native bfloat16");
        try (NDManager manager = NDManager.newBaseManager()) {
            BertModel model = tinyBert(manager);
            Bf16Weights copies = model.keepBf16Copies(manager);
            assertThat(copies.byName()).hasSize(2 * 6).containsKey("encoder.layer.1.intermediate.dense.weight");
            Parameter w = model.namedParameters().get("encoder.layer.0.attention.self.query.weight");
            w.getArray().set(new float[(int) w.getArray().size()]);
            assertThat(halves(copies.byName().get("encoder.layer.0.attention.self.query.weight"))).doesNotContain((short) 0);
            copies.refresh();
            assertThat(halves(copies.byName().get("encoder.layer.0.attention.self.query.weight"))).containsOnly((short) 0);
            copies.close();
            Bf16Weights again = model.keepBf16Copies(manager);
            again.close();
        }
    }

    private static void compare(Supplier<AdamWKernel> kernel) throws Exception {
        assumeTrue(Precision.cpuHasBf16(), "this CPU has no native bfloat16");
        try (NDManager manager = NDManager.newBaseManager()) {
            BertModel casting = tinyBert(manager);
            BertModel copying = tinyBert(manager);
            try (Bf16Weights copies = copying.keepBf16Copies(manager);
                    AdamW plain = new AdamW(casting.namedParameters(), Map.of(), manager, 0.01, 1.0, kernel.get());
                    AdamW withCopies = new AdamW(copying.namedParameters(), copies.byName(), manager, 0.01, 1.0, kernel.get())) {
                NDArray ids = manager.create(new long[] {2, 17, 45, 8, 93, 3, 2, 60, 11, 3, 0, 0}, new Shape(2, 6));
                NDArray mask = manager.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new Shape(2, 6));
                manager.getEngine().setRandomSeed(3);
                NDArray target = manager.randomNormal(new Shape(2, 6, 32));
                for (int update = 0; update < UPDATES; update++) {
                    float lr = 5e-3f * (update + 1);
                    float normA = trainStep(casting, plain, ids, mask, target, update, lr);
                    float normB = trainStep(copying, withCopies, ids, mask, target, update, lr);
                    assertThat(normB).as("gradient norm at update " + update).isEqualTo(normA);
                }
                for (Map.Entry<String, Parameter> e : casting.namedParameters().entrySet()) {
                    String name = e.getKey();
                    float[] expected = e.getValue().getArray().toFloatArray();
                    float[] actual = copying.namedParameters().get(name).getArray().toFloatArray();
                    assertThat(Arrays.mismatch(expected, actual)).as(name + ": first differing float").isEqualTo(-1);
                    assertThat(Arrays.mismatch(plain.means().get(name).toFloatArray(), withCopies.means().get(name).toFloatArray()))
                            .as(name + " first moment").isEqualTo(-1);
                    assertThat(Arrays.mismatch(plain.variances().get(name).toFloatArray(), withCopies.variances().get(name).toFloatArray()))
                            .as(name + " second moment").isEqualTo(-1);
                }
                for (Map.Entry<String, NDArray> e : copies.byName().entrySet()) {
                    float[] master = copying.namedParameters().get(e.getKey()).getArray().toFloatArray();
                    short[] rounded = new short[master.length];
                    for (int i = 0; i < master.length; i++) {
                        rounded[i] = Bf16Weights.round(master[i]); // as libtorch rounds: Bf16RoundingTest
                    }
                    assertThat(halves(e.getValue())).as(e.getKey() + ": the copy is the weight rounded").isEqualTo(rounded);
                    assertThat(halves(e.getValue().getGradient())).as(e.getKey() + ": gradient cleared").containsOnly((short) 0);
                }
            }
        }
    }

    private static float trainStep(BertModel model, AdamW optimizer, NDArray ids, NDArray mask, NDArray target, int update, float lr) {
        NDManager manager = ids.getManager();
        try (NDManager scope = manager.newSubManager()) {
            // The same dropout masks for both models.
            Engine.getInstance().setRandomSeed(100 + update);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out = model.forward(new ParameterStore(scope, false), new NDList(ids, mask), true).head();
                NDArray loss = out.mul(target).sum().add(out.mul(out).sum().mul(0.1f));
                collector.backward(loss);
            }
        }
        return optimizer.step(lr);
    }

    private static BertModel tinyBert(NDManager manager) throws Exception {
        return TinyBertFixture.load(manager, Precision.BF16);
    }

    /** The bits of a bfloat16 tensor (DJL cannot read its data type, so through its memory). */
    private static short[] halves(NDArray bf16) {
        var buffer = JniUtils.getByteBuffer((PtNDArray) bf16, true).order(java.nio.ByteOrder.nativeOrder()).asShortBuffer();
        short[] out = new short[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
