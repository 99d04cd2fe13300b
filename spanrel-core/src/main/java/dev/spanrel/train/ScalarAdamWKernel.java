package dev.spanrel.train;

import java.nio.FloatBuffer;

/** {@link AdamWKernel} one float at a time: the reference, and what runs where the Vector API is not available. */
final class ScalarAdamWKernel implements AdamWKernel {
    @Override
    public double sumOfSquares(Slice s) {
        double sum = 0;
        FloatBuffer g = s.gradient().asFloatBuffer();
        for (int i = s.from(); i < s.to(); i++) {
            float x = g.get(i);
            sum += x * x;
        }
        return sum;
    }

    @Override
    public void update(Slice s, float lr, float scale) {
        FloatBuffer w = s.weight().asFloatBuffer(), g = s.gradient().asFloatBuffer();
        FloatBuffer m = s.mean().asFloatBuffer(), v = s.variance().asFloatBuffer();
        float shrink = 1f - lr * s.decay();
        for (int i = s.from(); i < s.to(); i++) {
            float grad = g.get(i) * scale;
            float mi = BETA1 * m.get(i) + (1 - BETA1) * grad;
            float vi = BETA2 * v.get(i) + (1 - BETA2) * grad * grad;
            m.put(i, mi);
            v.put(i, vi);
            w.put(i, (w.get(i) - lr * mi / ((float) Math.sqrt(vi) + EPSILON)) * shrink);
            g.put(i, 0f);
        }
    }

    @Override
    public void clear(Slice s) {
        FloatBuffer g = s.gradient().asFloatBuffer();
        for (int i = s.from(); i < s.to(); i++) {
            g.put(i, 0f);
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
