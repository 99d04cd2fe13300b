package dev.spanrel.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.spanrel.SpanrelException;
import dev.spanrel.encoder.TensorMemory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * AdamW as SpERT trains with it ({@code transformers.AdamW(correct_bias=False)}, betas 0.9/0.999, eps 1e-6):
 * decoupled weight decay (none on biases and LayerNorm) and clipping by the global gradient norm.
 *
 * <p>Why not torch ops: an update of BERT-base touches 108 M values four times over (weight, gradient, two
 * moments). Element-wise torch calls make some thirty passes over that memory per step, with temporaries; here the
 * whole update is two passes (the norm, then the fused update, which also clears the gradient) running over the
 * tensors' own memory through direct buffers, split across the cores, by an {@link AdamWKernel} (vectorized where
 * the JVM has the Vector API).
 */
public final class AdamW implements AutoCloseable {
    private static final int CHUNK = 1 << 18;

    private final Map<String, Parameter> parameters;
    /** bfloat16 copies of some weights (by parameter name): their gradients are read there, and they are rewritten. */
    private final Map<String, NDArray> copies;
    /** Gradients kept outside autograd (by parameter name), read and cleared in place of the weights' own. */
    private final Map<String, NDArray> gradientBuffers = new LinkedHashMap<>();
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private final float weightDecay;
    private final float maxGradNorm;
    private final AdamWKernel kernel;
    private final ExecutorService workers;
    private final int threads;

    /**
     * An optimizer over these parameters with zeroed moments, updated by the fastest kernel this JVM offers
     * ({@code AdamWKernel.best()}).
     *
     * @param parameters the trained parameters by name; the names decide weight decay ({@link #decays}) and key the
     *     moments in a checkpoint
     * @param stateManager the manager the two moment tensors of every parameter are made in
     * @param weightDecay the decoupled weight decay, per unit of learning rate
     * @param maxGradNorm the global gradient norm gradients are clipped to; 0 or less for no clipping
     */
    public AdamW(Map<String, Parameter> parameters, NDManager stateManager, double weightDecay, double maxGradNorm) {
        this(parameters, Map.of(), stateManager, weightDecay, maxGradNorm, AdamWKernel.best());
    }

    /**
     * An optimizer over these parameters, some of which the forward pass uses through bfloat16 copies
     * ({@link dev.spanrel.encoder.Bf16Weights}): for those, the gradient is the copy's (bfloat16), and every update
     * rewrites the copy from the updated float32 weight in the same pass.
     *
     * @param parameters the trained parameters by name, as in {@link #AdamW(Map, NDManager, double, double)}
     * @param bf16Copies bfloat16 copies of some of them, under the same names
     * @param stateManager the manager the two moment tensors of every parameter are made in
     * @param weightDecay the decoupled weight decay, per unit of learning rate
     * @param maxGradNorm the global gradient norm gradients are clipped to; 0 or less for no clipping
     */
    public AdamW(Map<String, Parameter> parameters, Map<String, NDArray> bf16Copies, NDManager stateManager, double weightDecay,
            double maxGradNorm) {
        this(parameters, bf16Copies, stateManager, weightDecay, maxGradNorm, AdamWKernel.best());
    }

    AdamW(Map<String, Parameter> parameters, NDManager stateManager, double weightDecay, double maxGradNorm, AdamWKernel kernel) {
        this(parameters, Map.of(), stateManager, weightDecay, maxGradNorm, kernel);
    }

    AdamW(Map<String, Parameter> parameters, Map<String, NDArray> bf16Copies, NDManager stateManager, double weightDecay,
            double maxGradNorm, AdamWKernel kernel) {
        for (String name : bf16Copies.keySet()) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("a bfloat16 copy of '" + name + "', which is not a trained parameter");
            }
        }
        this.parameters = parameters;
        this.copies = bf16Copies;
        this.weightDecay = (float) weightDecay;
        this.maxGradNorm = (float) maxGradNorm;
        this.kernel = kernel;
        this.threads = Runtime.getRuntime().availableProcessors();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "adamw");
            t.setDaemon(true);
            return t;
        });
        parameters.forEach((name, p) -> {
            means.put(name, stateManager.zeros(p.getArray().getShape()));
            variances.put(name, stateManager.zeros(p.getArray().getShape()));
        });
    }

    /**
     * Reads the gradient of one parameter from this buffer instead of the weight's autograd gradient, and clears it
     * there, as for the word-embedding rows a training gathers ({@link dev.spanrel.encoder.WordEmbeddingRows}).
     *
     * @param name the parameter's name
     * @param buffer a float32 tensor of the parameter's shape, owned by the caller
     */
    public void readGradientFrom(String name, NDArray buffer) {
        Parameter parameter = parameters.get(name);
        if (parameter == null || copies.containsKey(name)) {
            throw new IllegalArgumentException("no float32 parameter '" + name + "' to take a gradient buffer");
        }
        if (!parameter.getArray().getShape().equals(buffer.getShape())) {
            throw new IllegalArgumentException("gradient buffer of shape " + buffer.getShape() + " for '" + name + "' of shape "
                    + parameter.getArray().getShape());
        }
        gradientBuffers.put(name, buffer);
    }

    /**
     * Biases and LayerNorm parameters get no weight decay (as BERT and SpERT).
     *
     * @param name a parameter's name
     * @return whether the parameter is decayed
     */
    public static boolean decays(String name) {
        return !(name.endsWith(".bias") || name.contains("LayerNorm"));
    }

    /**
     * Which element-wise kernel runs the update, e.g. "vector, 16 floats" or "scalar" (for benchmarks and provenance).
     *
     * @return the kernel's name
     */
    public String kernelName() {
        return kernel.name();
    }

    /**
     * Applies one update with this learning rate and clears the gradients; returns the pre-clip global norm. A
     * non-finite norm (an overflow somewhere in the backward pass) skips the update, as loss scalers do, so one bad
     * batch cannot turn every weight into NaN; the caller sees the non-finite norm and reports it.
     *
     * @param learningRate the learning rate of this update
     * @return the global norm of the gradients before clipping
     */
    public float step(float learningRate) {
        List<NDArray> gradients = new ArrayList<>(parameters.size());
        Map<String, List<AdamWKernel.Slice>> byParameter = new LinkedHashMap<>();
        List<AdamWKernel.Slice> slices = new ArrayList<>();
        try {
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                NDArray weight = e.getValue().getArray();
                NDArray copy = copies.get(e.getKey());
                NDArray gradient = gradientBuffers.get(e.getKey());
                if (gradient == null) {
                    gradient = (copy != null ? copy : weight).getGradient();
                    gradients.add(gradient); // a new handle, closed after the step (not so the buffers)
                }
                ByteBuffer w = TensorMemory.of(weight);
                ByteBuffer g = TensorMemory.of(gradient);
                ByteBuffer m = TensorMemory.of(means.get(e.getKey()));
                ByteBuffer v = TensorMemory.of(variances.get(e.getKey()));
                ByteBuffer c = copy == null ? null : TensorMemory.of(copy);
                float decay = decays(e.getKey()) ? weightDecay : 0f;
                int floats = w.capacity() / Float.BYTES;
                List<AdamWKernel.Slice> own = new ArrayList<>();
                for (int from = 0; from < floats; from += CHUNK) {
                    own.add(new AdamWKernel.Slice(w, g, m, v, decay, from, Math.min(floats, from + CHUNK), c));
                }
                byParameter.put(e.getKey(), own);
                slices.addAll(own);
            }
            double squares = 0;
            for (double part : runAll(slices, kernel::sumOfSquares)) {
                squares += part;
            }
            float norm = (float) Math.sqrt(squares);
            if (!Float.isFinite(norm)) {
                nonFinite = nonFiniteGradients(byParameter);
                runAll(slices, s -> {
                    kernel.clear(s);
                    return 0;
                });
                return norm;
            }
            float scale = maxGradNorm > 0 && norm > maxGradNorm ? maxGradNorm / (norm + 1e-6f) : 1f;
            runAll(slices, s -> {
                kernel.update(s, learningRate, scale);
                return 0;
            });
            return norm;
        } finally {
            gradients.forEach(NDArray::close);
        }
    }

    private List<String> nonFinite = List.of();

    /**
     * Names of the parameters whose gradients were not finite at the last skipped update.
     *
     * @return the parameter names, empty before any update was skipped
     */
    public List<String> lastNonFiniteGradients() {
        return nonFinite;
    }

    private List<String> nonFiniteGradients(Map<String, List<AdamWKernel.Slice>> byParameter) {
        List<String> names = new ArrayList<>();
        byParameter.forEach((name, own) -> {
            search:
            for (AdamWKernel.Slice slice : own) {
                for (int i = slice.from(); i < slice.to(); i++) {
                    if (!Float.isFinite(ScalarAdamWKernel.gradient(slice, i))) {
                        names.add(name);
                        break search;
                    }
                }
            }
        });
        return names;
    }

    private interface SliceTask {
        double run(AdamWKernel.Slice slice);
    }

    private List<Double> runAll(List<AdamWKernel.Slice> slices, SliceTask task) {
        List<Future<Double>> futures = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            final int worker = t;
            futures.add(workers.submit(() -> {
                double sum = 0;
                for (int i = worker; i < slices.size(); i += threads) {
                    sum += task.run(slices.get(i));
                }
                return sum;
            }));
        }
        List<Double> results = new ArrayList<>(threads);
        try {
            for (Future<Double> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpanrelException("optimizer step interrupted", e);
        } catch (ExecutionException e) {
            throw new SpanrelException("optimizer step failed: " + e.getCause(), e.getCause());
        }
        return results;
    }

    /**
     * The first moments (running means of the gradients), by parameter name: live tensors, for checkpoints to save
     * and restore.
     *
     * @return the first moment of every parameter
     */
    public Map<String, NDArray> means() {
        return means;
    }

    /**
     * The second moments (running means of the squared gradients), by parameter name: live tensors, for checkpoints
     * to save and restore.
     *
     * @return the second moment of every parameter
     */
    public Map<String, NDArray> variances() {
        return variances;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
