package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fused update against the formulas of transformers.AdamW(correct_bias=False), computed by hand. */
class AdamWTest {
    @Test
    void matchesHandComputedUpdatesWithClippingAndDecayExclusions() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter weight = parameter(manager, "layer.weight", new float[] {1f, -2f});
            Parameter bias = parameter(manager, "layer.bias", new float[] {0.5f});
            Map<String, Parameter> params = new LinkedHashMap<>();
            params.put("layer.weight", weight);
            params.put("layer.bias", bias);
            try (AdamW adam = new AdamW(params, manager, 0.1, 1.0)) {
                // loss = 3 w0 + 4 w1 + 0 b  → gradient (3, 4, 0), global norm 5, clipped to 1 → (0.6, 0.8, 0)
                float norm = backwardAndStep(manager, weight, bias, adam, 0.01f);
                assertThat(norm).isCloseTo(5f, within(1e-5f));
                float[] w = weight.getArray().toFloatArray();
                // m = 0.1 g, v = 0.001 g², step = lr m / (sqrt v + eps) ≈ lr·sign(g)·3.1623, then w·(1 − lr·wd)
                double expected0 = (1 - 0.01 * (0.1 * 0.6) / (Math.sqrt(0.001 * 0.36) + 1e-6)) * (1 - 0.01 * 0.1);
                double expected1 = (-2 - 0.01 * (0.1 * 0.8) / (Math.sqrt(0.001 * 0.64) + 1e-6)) * (1 - 0.01 * 0.1);
                assertThat((double) w[0]).isCloseTo(expected0, within(1e-6));
                assertThat((double) w[1]).isCloseTo(expected1, within(1e-6));
                // The bias had a zero gradient and no decay: unchanged.
                assertThat(bias.getArray().toFloatArray()[0]).isEqualTo(0.5f);
                // Gradients are cleared for the next step.
                assertThat(weight.getArray().getGradient().toFloatArray()).containsExactly(0f, 0f);
            }
        }
    }

    private static float backwardAndStep(NDManager manager, Parameter weight, Parameter bias, AdamW adam, float lr) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = weight.getArray().mul(manager.create(new float[] {3f, 4f})).sum().add(bias.getArray().mul(0f).sum());
            collector.backward(loss);
        }
        return adam.step(lr);
    }

    private static Parameter parameter(NDManager manager, String name, float[] values) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        NDArray array = manager.create(values, new Shape(values.length));
        array.setRequiresGradient(true);
        p.setArray(array);
        return p;
    }
}
