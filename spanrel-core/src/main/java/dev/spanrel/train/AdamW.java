package dev.spanrel.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW as SpERT trains with it ({@code transformers.AdamW(correct_bias=False)}, eps 1e-6): decoupled weight decay,
 * none on biases and LayerNorm, and clipping by the global gradient norm folded into the update as a rescale.
 * Each parameter's update is one fused native call; the global norm is one reduction per array and one sync.
 */
public final class AdamW {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-6f;

    private final Map<String, Parameter> parameters;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private final float weightDecay;
    private final float maxGradNorm;

    public AdamW(Map<String, Parameter> parameters, NDManager stateManager, double weightDecay, double maxGradNorm) {
        this.parameters = parameters;
        this.weightDecay = (float) weightDecay;
        this.maxGradNorm = (float) maxGradNorm;
        parameters.forEach((name, p) -> {
            means.put(name, stateManager.zeros(p.getArray().getShape()));
            variances.put(name, stateManager.zeros(p.getArray().getShape()));
        });
    }

    /** Biases and LayerNorm parameters get no weight decay (as BERT and SpERT). */
    public static boolean decays(String name) {
        return !(name.endsWith(".bias") || name.contains("LayerNorm"));
    }

    /** Applies one update with this learning rate and clears the gradients; returns the pre-clip global norm. */
    public float step(float learningRate) {
        List<NDArray> gradients = new ArrayList<>(parameters.size());
        for (Parameter p : parameters.values()) {
            gradients.add(p.getArray().getGradient());
        }
        float norm = globalNorm(gradients);
        float rescale = maxGradNorm > 0 && norm > maxGradNorm ? maxGradNorm / (norm + 1e-6f) : 1f;
        int i = 0;
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            NDArray weight = entry.getValue().getArray();
            NDArray gradient = gradients.get(i++);
            float decay = decays(entry.getKey()) ? weightDecay : 0f;
            // Without bias correction the step size is the learning rate itself (correct_bias=False).
            weight.getNDArrayInternal().adamUpdate(
                    new NDList(weight, gradient, means.get(entry.getKey()), variances.get(entry.getKey())),
                    new NDList(weight),
                    learningRate, learningRate, decay, rescale, -1f, BETA1, BETA2, EPSILON, false, true);
            gradient.subi(gradient);
            gradient.close();
        }
        return norm;
    }

    private static float globalNorm(List<NDArray> gradients) {
        // Results of torch ops join their first operand's manager; a scratch manager keeps these from piling up.
        try (NDManager scratch = gradients.get(0).getManager().newSubManager()) {
            NDList norms = new NDList(gradients.size());
            for (NDArray g : gradients) {
                NDArray norm = g.norm();
                norm.attach(scratch);
                norms.add(norm);
            }
            return NDArrays.stack(norms).square().sum().sqrt().getFloat();
        }
    }

    public Map<String, NDArray> means() {
        return means;
    }

    public Map<String, NDArray> variances() {
        return variances;
    }
}
