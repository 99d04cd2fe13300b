package dev.spanrel.train;

import java.nio.ByteBuffer;

/**
 * The element-wise work of one {@link AdamW} update over a slice of one parameter's memory: the slice's squared
 * gradient sum (for the global norm), and the fused update (moments, step, decay, gradient cleared). Two
 * implementations compute the same floats: {@link ScalarAdamWKernel} (the reference), {@link BlockAdamWKernel} (heap
 * copies of cache-sized blocks, for JVMs without the Vector API), and {@code VectorAdamWKernel} through the JDK's
 * Vector API where the JVM runs with {@code --add-modules jdk.incubator.vector}; only the vector kernel sums the
 * squares in another order.
 */
interface AdamWKernel {
    float BETA1 = 0.9f;
    float BETA2 = 0.999f;
    float EPSILON = 1e-6f;

    /**
     * One slice of one parameter: its weight, gradient and moments (direct buffers in native order over the tensors'
     * own memory) and the float range {@code [from, to)}; for a parameter with a bfloat16 copy ({@code copy} not
     * null) the gradient is the copy's, in bfloat16, and the update rewrites the copy from the updated weight.
     */
    record Slice(ByteBuffer weight, ByteBuffer gradient, ByteBuffer mean, ByteBuffer variance, float decay, int from, int to,
            ByteBuffer copy) {
        Slice(ByteBuffer weight, ByteBuffer gradient, ByteBuffer mean, ByteBuffer variance, float decay, int from, int to) {
            this(weight, gradient, mean, variance, decay, from, to, null);
        }

        /** The same buffers over another float range. */
        Slice range(int newFrom, int newTo) {
            return new Slice(weight, gradient, mean, variance, decay, newFrom, newTo, copy);
        }
    }

    double sumOfSquares(Slice s);

    /**
     * {@code m = β1·m + (1−β1)·g'}, {@code v = β2·v + (1−β2)·g'²} with {@code g' = g·scale}, then
     * {@code w = (w − lr·m / (√v + ε)) · (1 − lr·decay)} (the Adam step, then decoupled decay on the stepped weight,
     * the order of transformers.AdamW without bias correction), and {@code g = 0}; where the slice has a bfloat16
     * copy, {@code g} is read from bfloat16 and the copy is set to the updated weight rounded to nearest even.
     */
    void update(Slice s, float learningRate, float scale);

    void clear(Slice s);

    /** "scalar", or "vector, N floats". */
    String name();

    /**
     * The kernel the system property {@code spanrel.adamw.kernel} names ({@code vector}, {@code block} or
     * {@code scalar}, for benchmarks); by default the vector kernel where the JVM has the Vector API module
     * ({@code bin/spanrel} and the tests add it), else the block kernel.
     */
    static AdamWKernel best() {
        boolean vectorApi = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String chosen = System.getProperty("spanrel.adamw.kernel", vectorApi ? "vector" : "block");
        switch (chosen) {
            case "scalar":
                return new ScalarAdamWKernel();
            case "vector":
                if (!vectorApi) {
                    throw new IllegalStateException("spanrel.adamw.kernel=vector needs --add-modules jdk.incubator.vector");
                }
                try {
                    return (AdamWKernel) Class.forName("dev.spanrel.train.VectorAdamWKernel").getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot load the vector kernel: " + e, e);
                }
            default:
                return new BlockAdamWKernel();
        }
    }
}
