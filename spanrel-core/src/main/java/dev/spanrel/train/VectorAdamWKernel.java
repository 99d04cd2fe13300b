package dev.spanrel.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AdamWKernel} on the CPU's widest float vectors (16 lanes with AVX-512). The scalar kernel is bound by its
 * square root and division, one float at a time; here both run a vector at a time and the update is bound by
 * memory. Every lane does the scalar kernel's operations in its order (no fused multiply-add), so the update gives
 * the same floats; only the squared sum is added up in another order. bfloat16 gradients are widened and copies
 * rounded (to nearest even, as libtorch casts) a vector at a time, as integer shifts. Loaded by
 * {@link AdamWKernel#best()} only when the JVM has the {@code jdk.incubator.vector} module.
 */
final class VectorAdamWKernel implements AdamWKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SPECIES.vectorShape());
    /** As many 16-bit lanes as SPECIES has floats (half its width). */
    private static final VectorSpecies<Short> HALVES =
            VectorSpecies.of(short.class, VectorShape.forBitSize(SPECIES.vectorBitSize() / 2));
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
                FloatVector x = s.copy() == null ? FloatVector.fromByteBuffer(SPECIES, g, 4 * i, ORDER) : widen(g, i);
                acc = acc.add(x.mul(x));
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < s.to(); i++) {
            float x = ScalarAdamWKernel.gradient(s, i);
            sum += x * x;
        }
        return sum;
    }

    /** The bfloat16 values from float index {@code i} on as floats: each one's bits moved to the upper half. */
    private static FloatVector widen(ByteBuffer halves, int i) {
        ShortVector bits = ShortVector.fromByteBuffer(HALVES, halves, 2 * i, ORDER);
        return ((IntVector) bits.convertShape(VectorOperators.S2I, INTS, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** Stores {@code x} rounded to bfloat16 (nearest, ties to even; NaN as 0x7fc0) from float index {@code i} on. */
    private static void round(FloatVector x, ByteBuffer halves, int i) {
        IntVector bits = x.reinterpretAsInts();
        IntVector bias = bits.lanewise(VectorOperators.LSHR, 16).and(1).add(0x7fff);
        IntVector rounded = bits.add(bias).lanewise(VectorOperators.LSHR, 16);
        VectorMask<Integer> nan = x.test(VectorOperators.IS_NAN).cast(INTS);
        rounded = rounded.blend(0x7fc0, nan);
        ((ShortVector) rounded.convertShape(VectorOperators.I2S, HALVES, 0)).intoByteBuffer(halves, 2 * i, ORDER);
    }

    @Override
    public void update(Slice s, float lr, float scale) {
        ByteBuffer w = s.weight(), g = s.gradient(), m = s.mean(), v = s.variance(), copy = s.copy();
        float shrink = 1f - lr * s.decay();
        int lanes = SPECIES.length();
        int vectorEnd = s.from() + (s.to() - s.from()) / lanes * lanes;
        FloatVector zero = FloatVector.zero(SPECIES);
        ShortVector zeroHalves = ShortVector.zero(HALVES);
        int i = s.from();
        for (; i < vectorEnd; i += lanes) {
            int at = 4 * i;
            FloatVector grad = (copy == null ? FloatVector.fromByteBuffer(SPECIES, g, at, ORDER) : widen(g, i)).mul(scale);
            FloatVector mi = FloatVector.fromByteBuffer(SPECIES, m, at, ORDER).mul(BETA1).add(grad.mul(1 - BETA1));
            FloatVector vi = FloatVector.fromByteBuffer(SPECIES, v, at, ORDER).mul(BETA2).add(grad.mul(1 - BETA2).mul(grad));
            mi.intoByteBuffer(m, at, ORDER);
            vi.intoByteBuffer(v, at, ORDER);
            FloatVector step = mi.mul(lr).div(vi.sqrt().add(EPSILON));
            FloatVector updated = FloatVector.fromByteBuffer(SPECIES, w, at, ORDER).sub(step).mul(shrink);
            updated.intoByteBuffer(w, at, ORDER);
            if (copy == null) {
                zero.intoByteBuffer(g, at, ORDER);
            } else {
                round(updated, copy, i);
                zeroHalves.intoByteBuffer(g, 2 * i, ORDER);
            }
        }
        if (i < s.to()) {
            new ScalarAdamWKernel().update(s.range(i, s.to()), lr, scale);
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
