package dev.spanrel.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AdamWKernel} on the CPU's widest float vectors (16 lanes with AVX-512). The scalar kernel is bound by its
 * square root and division, one float at a time; here both run a vector at a time and the update is bound by
 * memory. Every lane does the scalar kernel's operations in its order (no fused multiply-add), so the update gives
 * the same floats; only the squared sum is added up in another order. Loaded by {@link AdamWKernel#best()} only when
 * the JVM has the {@code jdk.incubator.vector} module.
 */
final class VectorAdamWKernel implements AdamWKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Squares are summed in float lanes over this many floats, then added into a double, to keep the sum exact enough. */
    private static final int BLOCK = 1024;

    @Override
    public double sumOfSquares(Slice s) {
        ByteBuffer g = s.gradient();
        int lanes = SPECIES.length();
        int vectorEnd = s.from() + (s.to() - s.from()) / lanes * lanes;
        double sum = 0;
        int i = s.from();
        while (i < vectorEnd) {
            int blockEnd = Math.min(vectorEnd, i + BLOCK);
            FloatVector acc = FloatVector.zero(SPECIES);
            for (; i < blockEnd; i += lanes) {
                FloatVector x = FloatVector.fromByteBuffer(SPECIES, g, 4 * i, ORDER);
                acc = acc.add(x.mul(x));
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        FloatBuffer tail = g.asFloatBuffer();
        for (; i < s.to(); i++) {
            float x = tail.get(i);
            sum += x * x;
        }
        return sum;
    }

    @Override
    public void update(Slice s, float lr, float scale) {
        ByteBuffer w = s.weight(), g = s.gradient(), m = s.mean(), v = s.variance();
        float shrink = 1f - lr * s.decay();
        int lanes = SPECIES.length();
        int vectorEnd = s.from() + (s.to() - s.from()) / lanes * lanes;
        FloatVector zero = FloatVector.zero(SPECIES);
        int i = s.from();
        for (; i < vectorEnd; i += lanes) {
            int at = 4 * i;
            FloatVector grad = FloatVector.fromByteBuffer(SPECIES, g, at, ORDER).mul(scale);
            FloatVector mi = FloatVector.fromByteBuffer(SPECIES, m, at, ORDER).mul(BETA1).add(grad.mul(1 - BETA1));
            FloatVector vi = FloatVector.fromByteBuffer(SPECIES, v, at, ORDER).mul(BETA2).add(grad.mul(1 - BETA2).mul(grad));
            mi.intoByteBuffer(m, at, ORDER);
            vi.intoByteBuffer(v, at, ORDER);
            FloatVector step = mi.mul(lr).div(vi.sqrt().add(EPSILON));
            FloatVector.fromByteBuffer(SPECIES, w, at, ORDER).sub(step).mul(shrink).intoByteBuffer(w, at, ORDER);
            zero.intoByteBuffer(g, at, ORDER);
        }
        if (i < s.to()) {
            new ScalarAdamWKernel().update(new Slice(w, g, m, v, s.decay(), i, s.to()), lr, scale);
        }
    }

    @Override
    public void clear(Slice s) {
        new ScalarAdamWKernel().clear(s);
    }

    @Override
    public String name() {
        return "vector, " + SPECIES.length() + " floats";
    }
}
