package dev.spanrel.train;

import dev.spanrel.encoder.Bf16Weights;
import java.nio.ByteBuffer;

/** {@link AdamWKernel} one float at a time: the reference, and what runs where the Vector API is not available. */
final class ScalarAdamWKernel implements AdamWKernel {
    @Override
    public double sumOfSquares(Slice s) {
        double sum = 0;
        for (int i = s.from(); i < s.to(); i++) {
            float x = gradient(s, i);
            sum += x * x;
        }
        return sum;
    }

    @Override
    public void update(Slice s, float lr, float scale) {
        ByteBuffer w = s.weight(), m = s.mean(), v = s.variance(), copy = s.copy();
        float shrink = 1f - lr * s.decay();
        for (int i = s.from(); i < s.to(); i++) {
            float grad = gradient(s, i) * scale;
            float mi = BETA1 * m.getFloat(4 * i) + (1 - BETA1) * grad;
            float vi = BETA2 * v.getFloat(4 * i) + (1 - BETA2) * grad * grad;
            m.putFloat(4 * i, mi);
            v.putFloat(4 * i, vi);
            float updated = (w.getFloat(4 * i) - lr * mi / ((float) Math.sqrt(vi) + EPSILON)) * shrink;
            w.putFloat(4 * i, updated);
            if (copy != null) {
                copy.putShort(2 * i, Bf16Weights.round(updated));
            }
        }
        clear(s);
    }

    /** The gradient at float {@code i}: float32, or bfloat16 where the slice has a copy. */
    static float gradient(Slice s, int i) {
        return s.copy() == null ? s.gradient().getFloat(4 * i) : Bf16Weights.widen(s.gradient().getShort(2 * i));
    }

    @Override
    public void clear(Slice s) {
        ByteBuffer g = s.gradient();
        int width = s.copy() == null ? Float.BYTES : Short.BYTES;
        int end = s.to() * width;
        for (int at = s.from() * width; at < end; at += ZEROS.length) {
            g.put(at, ZEROS, 0, Math.min(ZEROS.length, end - at));
        }
    }

    private static final byte[] ZEROS = new byte[1 << 14];

    @Override
    public String name() {
        return "scalar";
    }
}
