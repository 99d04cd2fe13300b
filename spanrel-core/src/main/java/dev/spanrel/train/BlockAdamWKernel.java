package dev.spanrel.train;

import dev.spanrel.encoder.Bf16Weights;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

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
    /** Per-thread scratch for bfloat16 gradients and copies. */
    private static final ThreadLocal<short[]> HALVES = ThreadLocal.withInitial(() -> new short[BLOCK]);

    @Override
    public double sumOfSquares(Slice s) {
        float[] x = SCRATCH.get()[1];
        double sum = 0;
        for (int from = s.from(); from < s.to(); from += BLOCK) {
            int n = Math.min(BLOCK, s.to() - from);
            gradients(s, from, x, n);
            for (int i = 0; i < n; i++) {
                float square = x[i] * x[i];
                sum += square;
            }
        }
        return sum;
    }

    @Override
    public void update(Slice s, float lr, float scale) {
        FloatBuffer w = s.weight().asFloatBuffer();
        FloatBuffer m = s.mean().asFloatBuffer(), v = s.variance().asFloatBuffer();
        ShortBuffer copy = s.copy() == null ? null : s.copy().asShortBuffer();
        float[][] scratch = SCRATCH.get();
        float[] ws = scratch[0], gs = scratch[1], ms = scratch[2], vs = scratch[3];
        short[] halves = HALVES.get();
        float shrink = 1f - lr * s.decay();
        for (int from = s.from(); from < s.to(); from += BLOCK) {
            int n = Math.min(BLOCK, s.to() - from);
            w.get(from, ws, 0, n);
            gradients(s, from, gs, n);
            m.get(from, ms, 0, n);
            v.get(from, vs, 0, n);
            updateBlock(ws, gs, ms, vs, n, lr, scale, shrink);
            w.put(from, ws, 0, n);
            m.put(from, ms, 0, n);
            v.put(from, vs, 0, n);
            if (copy != null) {
                for (int i = 0; i < n; i++) {
                    halves[i] = Bf16Weights.round(ws[i]);
                }
                copy.put(from, halves, 0, n);
            }
        }
        clear(s);
    }

    /** {@code n} gradients from float {@code from} into {@code into}, widened where they are bfloat16. */
    private static void gradients(Slice s, int from, float[] into, int n) {
        if (s.copy() == null) {
            s.gradient().asFloatBuffer().get(from, into, 0, n);
            return;
        }
        short[] halves = HALVES.get();
        s.gradient().asShortBuffer().get(from, halves, 0, n);
        for (int i = 0; i < n; i++) {
            into[i] = Bf16Weights.widen(halves[i]);
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
        if (s.copy() != null) {
            ShortBuffer g = s.gradient().asShortBuffer();
            for (int from = s.from(); from < s.to(); from += BLOCK) {
                g.put(from, HALF_ZEROS, 0, Math.min(BLOCK, s.to() - from));
            }
            return;
        }
        FloatBuffer g = s.gradient().asFloatBuffer();
        for (int from = s.from(); from < s.to(); from += BLOCK) {
            g.put(from, ZEROS, 0, Math.min(BLOCK, s.to() - from));
        }
    }

    private static final short[] HALF_ZEROS = new short[BLOCK];

    @Override
    public String name() {
        return "blocks of " + BLOCK + " floats";
    }
}
