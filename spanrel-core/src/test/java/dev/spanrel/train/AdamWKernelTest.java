package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector and block kernels against the scalar one (the update as it was before the Vector API), over 20 updates of
 * BERT-shaped parameters with random gradients: weights and both moments agree, clipping and the decay exclusions
 * included.
 */
class AdamWKernelTest {
    /** Name and shape of each parameter: a projection, its bias, a LayerNorm, an odd-sized one for the vector tail. */
    private static final Map<String, long[]> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("encoder.layer.0.intermediate.dense.weight", new long[] {3072, 768});
        SHAPES.put("encoder.layer.0.intermediate.dense.bias", new long[] {3072});
        SHAPES.put("encoder.layer.0.output.LayerNorm.weight", new long[] {768});
        SHAPES.put("entity_classifier.weight", new long[] {5, 1587});
    }

    @Test
    void theVectorKernelIsTheOneTheLauncherAndTheTestsRun() {
        assertThat(AdamWKernel.best().name()).startsWith("vector, ");
    }

    @Test
    void withoutClippingTheVectorKernelGivesTheSameFloats() {
        assumeTrue(AdamWKernel.best() instanceof VectorAdamWKernel, "no Vector API in this JVM");
        compare(new VectorAdamWKernel(), 0.0, 0.0, 100f);
    }

    @Test
    void withClippingAndDecayTheVectorKernelAgreesToOneMillionth() {
        assumeTrue(AdamWKernel.best() instanceof VectorAdamWKernel, "no Vector API in this JVM");
        // Gradients of norm ~ 10-100 against a clip of 1.0: every update is clipped.
        compare(new VectorAdamWKernel(), 0.01, 1.0, 1e-6f);
    }

    @Test
    void theBlockKernelGivesTheSameFloatsEvenWithClipping() {
        // It sums the squares in the scalar kernel's order, so the norm and everything after it are the same.
        compare(new BlockAdamWKernel(), 0.01, 1.0, 100f);
    }

    @Test
    void withBfloat16CopiesEveryKernelGivesTheScalarKernelsFloatsAndCopies() {
        // 3 blocks of the vector kernel and a tail of 15 floats; bfloat16 gradients, the copies rewritten each update.
        int n = 3 * 1024 + 15;
        List<AdamWKernel> kernels = new ArrayList<>(List.of(new ScalarAdamWKernel(), new BlockAdamWKernel()));
        if (AdamWKernel.best() instanceof VectorAdamWKernel) {
            kernels.add(new VectorAdamWKernel());
        }
        List<ByteBuffer[]> states = new ArrayList<>();
        Random random = new Random(17);
        float[] init = gaussian(random, n, 0.02f);
        for (int k = 0; k < kernels.size(); k++) {
            ByteBuffer w = direct(4 * n), m = direct(4 * n), v = direct(4 * n), g = direct(2 * n), copy = direct(2 * n);
            for (int i = 0; i < n; i++) {
                w.putFloat(4 * i, init[i]);
            }
            states.add(new ByteBuffer[] {w, m, v, g, copy});
        }
        for (int update = 0; update < 6; update++) {
            float[] grad = gradient(random, n, update);
            double[] norms = new double[kernels.size()];
            for (int k = 0; k < kernels.size(); k++) {
                ByteBuffer[] b = states.get(k);
                for (int i = 0; i < n; i++) {
                    b[3].putShort(2 * i, dev.spanrel.encoder.Bf16Weights.round(grad[i]));
                }
                AdamWKernel.Slice slice = new AdamWKernel.Slice(b[0], b[3], b[1], b[2], 0.01f, 0, n, b[4]);
                norms[k] = kernels.get(k).sumOfSquares(slice);
                kernels.get(k).update(slice, 1e-3f, 0.5f);
            }
            for (int k = 1; k < kernels.size(); k++) {
                assertThat(norms[k]).as(kernels.get(k).name() + " squares at update " + update).isCloseTo(norms[0], org.assertj.core.data.Offset.offset(1e-6 * norms[0]));
            }
        }
        for (int k = 1; k < kernels.size(); k++) {
            String[] what = {"weight", "first moment", "second moment", "gradient", "copy"};
            for (int b = 0; b < what.length; b++) {
                assertThat(states.get(k)[b].rewind()).as(kernels.get(k).name() + ": " + what[b]).isEqualTo(states.get(0)[b].rewind());
            }
            for (int i = 0; i < n; i++) {
                assertThat(states.get(k)[4].getShort(2 * i)).isEqualTo(dev.spanrel.encoder.Bf16Weights.round(states.get(k)[0].getFloat(4 * i)));
                assertThat(states.get(k)[3].getShort(2 * i)).as("gradient cleared").isZero();
            }
        }
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    /** Runs both kernels on equal copies for 20 updates; {@code tolerance} 100 means bit for bit. */
    private static void compare(AdamWKernel candidate, double weightDecay, double maxGradNorm, float tolerance) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(11);
            Map<String, Parameter> scalar = new LinkedHashMap<>();
            Map<String, Parameter> vector = new LinkedHashMap<>();
            SHAPES.forEach((name, shape) -> {
                float[] init = gaussian(random, (int) new Shape(shape).size(), 0.02f);
                scalar.put(name, parameter(manager, name, init, shape));
                vector.put(name, parameter(manager, name, init, shape));
            });
            try (AdamW a = new AdamW(scalar, manager, weightDecay, maxGradNorm, new ScalarAdamWKernel());
                    AdamW b = new AdamW(vector, manager, weightDecay, maxGradNorm, candidate)) {
                for (int step = 0; step < 20; step++) {
                    Map<String, float[]> gradients = new LinkedHashMap<>();
                    for (Map.Entry<String, long[]> e : SHAPES.entrySet()) {
                        gradients.put(e.getKey(), gradient(random, (int) new Shape(e.getValue()).size(), step));
                    }
                    float lr = 5e-5f * (step + 1) / 20;
                    float normA = backwardAndStep(manager, scalar, gradients, a, lr);
                    float normB = backwardAndStep(manager, vector, gradients, b, lr);
                    assertThat(Math.abs(normA - normB)).as("norm at update " + step).isLessThanOrEqualTo(1e-6f * normA);
                }
                for (String name : SHAPES.keySet()) {
                    assertClose(name + " weight", scalar.get(name).getArray().toFloatArray(), vector.get(name).getArray().toFloatArray(), tolerance);
                    assertClose(name + " first moment", a.means().get(name).toFloatArray(), b.means().get(name).toFloatArray(), tolerance);
                    assertClose(name + " second moment", a.variances().get(name).toFloatArray(), b.variances().get(name).toFloatArray(), tolerance);
                    assertThat(vector.get(name).getArray().getGradient().toFloatArray()).as(name + " gradient cleared").containsOnly(0f);
                }
            }
        }
    }

    private static void assertClose(String what, float[] expected, float[] actual, float tolerance) {
        assertThat(actual.length).isEqualTo(expected.length);
        if (tolerance >= 100f) {
            int first = java.util.Arrays.mismatch(expected, actual);
            assertThat(first).as(what + ": first differing float" + (first < 0 ? "" : " (" + expected[first] + " vs "
                    + actual[first] + ")")).isEqualTo(-1);
            return;
        }
        // Relative to the tensor's largest value: elements that happen to lie near zero would make any per-element
        // ratio meaningless.
        double worst = 0;
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs((double) expected[i] - actual[i]));
            largest = Math.max(largest, Math.abs(expected[i]));
        }
        assertThat(worst / largest).as("largest difference in " + what + ", relative to its largest value")
                .isLessThanOrEqualTo(tolerance);
    }

    private static float backwardAndStep(NDManager manager, Map<String, Parameter> params, Map<String, float[]> gradients,
            AdamW adam, float lr) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray w = e.getValue().getArray();
                NDArray term = w.mul(manager.create(gradients.get(e.getKey()), w.getShape())).sum();
                loss = loss == null ? term : loss.add(term);
            }
            collector.backward(loss);
        }
        return adam.step(lr);
    }

    /** Gradients of the scale BERT's have, and a few exact zeros, which some rows of an embedding get. */
    private static float[] gradient(Random random, int size, int step) {
        float[] g = gaussian(random, size, 0.01f * (1 + step % 3));
        for (int i = 0; i < size; i += 97) {
            g[i] = 0f;
        }
        return g;
    }

    private static float[] gaussian(Random random, int size, float std) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian() * std;
        }
        return values;
    }

    private static Parameter parameter(NDManager manager, String name, float[] values, long[] shape) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        NDArray array = manager.create(values, new Shape(shape));
        array.setRequiresGradient(true);
        p.setArray(array);
        return p;
    }
}
