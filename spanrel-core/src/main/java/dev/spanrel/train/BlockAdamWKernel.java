package dev.spanrel.train;

import java.nio.FloatBuffer;

/**
 * {@link AdamWKernel} over heap copies of small blocks: each block of the tensors' memory is copied into float
 * arrays (a bulk copy), updated by plain loops over the arrays, which the JIT compiles to vector instructions, and
 * copied back. The blocks stay in the core's cache, so the copies cost little next to the memory traffic the update
 * needs anyway, and no JVM module or flag is needed.
 */
final class BlockAdamWKernel implements AdamWKernel {
    private static final int BLOCK = 4096;

    /** Per-thread scratch: weight, gradient, mean, variance. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(
            () -> new float[][] {new float[BLOCK], new float[BLOCK], new float[BLOCK], new float[BLOCK]});

    @Override
    public double sumOfSquares(Slice s) {
        FloatBuffer g = s.gradient().asFloatBuffer();
        float[] x = SCRATCH.get()[1];
        double sum = 0;
        for (int from = s.from(); from < s.to(); from += BLOCK) {
            int n = Math.min(BLOCK, s.to() - from);
            g.get(from, x, 0, n);
            for (int i = 0; i < n; i++) {
                float square = x[i] * x[i];
                sum += square;
            }
        }
        return sum;
    }

    @Override
    public void update(Slice s, float lr, float scale) {
        FloatBuffer w = s.weight().asFloatBuffer(), g = s.gradient().asFloatBuffer();
        FloatBuffer m = s.mean().asFloatBuffer(), v = s.variance().asFloatBuffer();
        float[][] scratch = SCRATCH.get();
        float[] ws = scratch[0], gs = scratch[1], ms = scratch[2], vs = scratch[3];
        float shrink = 1f - lr * s.decay();
        for (int from = s.from(); from < s.to(); from += BLOCK) {
            int n = Math.min(BLOCK, s.to() - from);
            w.get(from, ws, 0, n);
            g.get(from, gs, 0, n);
            m.get(from, ms, 0, n);
            v.get(from, vs, 0, n);
            updateBlock(ws, gs, ms, vs, n, lr, scale, shrink);
            w.put(from, ws, 0, n);
            m.put(from, ms, 0, n);
            v.put(from, vs, 0, n);
            g.put(from, ZEROS, 0, n);
        }
    }

    private static final float[] ZEROS = new float[BLOCK];

    /** The scalar kernel's arithmetic, in its order, over arrays (so the JIT can vectorize it). */
    private static void updateBlock(float[] w, float[] g, float[] m, float[] v, int n, float lr, float scale, float shrink) {
        for (int i = 0; i < n; i++) {
            float grad = g[i] * scale;
            float mi = BETA1 * m[i] + (1 - BETA1) * grad;
            float vi = BETA2 * v[i] + (1 - BETA2) * grad * grad;
            m[i] = mi;
            v[i] = vi;
            w[i] = (w[i] - lr * mi / ((float) Math.sqrt(vi) + EPSILON)) * shrink;
        }
    }

    @Override
    public void clear(Slice s) {
        FloatBuffer g = s.gradient().asFloatBuffer();
        for (int from = s.from(); from < s.to(); from += BLOCK) {
            g.put(from, ZEROS, 0, Math.min(BLOCK, s.to() - from));
        }
    }

    @Override
    public String name() {
        return "blocks of " + BLOCK + " floats";
    }
}
