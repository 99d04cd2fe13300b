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
        for (int i = s.from(); i < vectorEnd; i += BLOCK) {
            int blockEnd = Math.min(vectorEnd, i + BLOCK);
            sum += s.copy() == null ? floatSquares(g, i, blockEnd) : halfSquares(g, i, blockEnd);
        }
        for (int i = vectorEnd; i < s.to(); i++) {
            float x = ScalarAdamWKernel.gradient(s, i);
            sum += x * x;
        }
        return sum;
    }

    // The loops below are small methods of one kind of data each: written as one loop with a branch per vector, or
    // with the bfloat16 widening and rounding in the same loop, the JIT of JDK 17 kept vectors as heap objects and
    // the update ran 3-4 times slower.

    private static double floatSquares(ByteBuffer g, int from, int to) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int i = from; i < to; i += SPECIES.length()) {
            FloatVector x = FloatVector.fromByteBuffer(SPECIES, g, 4 * i, ORDER);
            acc = acc.add(x.mul(x));
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private static double halfSquares(ByteBuffer g, int from, int to) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int i = from; i < to; i += SPECIES.length()) {
            FloatVector x = widen(g, i);
            acc = acc.add(x.mul(x));
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** The bfloat16 values from float index {@code i} on as floats: each one's bits moved to the upper half. */
    private static FloatVector widen(ByteBuffer halves, int i) {
        ShortVector bits = ShortVector.fromByteBuffer(HALVES, halves, 2 * i, ORDER);
        return ((IntVector) bits.convertShape(VectorOperators.S2I, INTS, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    @Override
    public void update(Slice s, float lr, float scale) {
        int lanes = SPECIES.length();
        int vectorEnd = s.from() + (s.to() - s.from()) / lanes * lanes;
        float shrink = 1f - lr * s.decay();
        if (s.copy() == null) {
            updateFloats(s.weight(), s.gradient(), s.mean(), s.variance(), s.from(), vectorEnd, lr, scale, shrink);
        } else {
            // Block by block, so the copy is rounded from weights still in the core's cache.
            for (int i = s.from(); i < vectorEnd; i += BLOCK) {
                int blockEnd = Math.min(vectorEnd, i + BLOCK);
                updateFromHalves(s.weight(), s.gradient(), s.mean(), s.variance(), i, blockEnd, lr, scale, shrink);
                round(s.weight(), s.copy(), i, blockEnd);
            }
        }
        if (vectorEnd < s.to()) {
            new ScalarAdamWKernel().update(s.range(vectorEnd, s.to()), lr, scale);
        }
    }

    private static void updateFloats(ByteBuffer w, ByteBuffer g, ByteBuffer m, ByteBuffer v, int from, int to, float lr, float scale,
            float shrink) {
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = from; i < to; i += SPECIES.length()) {
            int at = 4 * i;
            FloatVector grad = FloatVector.fromByteBuffer(SPECIES, g, at, ORDER).mul(scale);
            step(w, m, v, at, grad, lr, shrink);
            zero.intoByteBuffer(g, at, ORDER);
        }
    }

    private static void updateFromHalves(ByteBuffer w, ByteBuffer g, ByteBuffer m, ByteBuffer v, int from, int to, float lr,
            float scale, float shrink) {
        ShortVector zero = ShortVector.zero(HALVES);
        for (int i = from; i < to; i += SPECIES.length()) {
            FloatVector grad = widen(g, i).mul(scale);
            step(w, m, v, 4 * i, grad, lr, shrink);
            zero.intoByteBuffer(g, 2 * i, ORDER);
        }
    }

    /** The moments and the weight at byte offset {@code at}, given the (scaled) gradient there. */
    private static void step(ByteBuffer w, ByteBuffer m, ByteBuffer v, int at, FloatVector grad, float lr, float shrink) {
        FloatVector mi = FloatVector.fromByteBuffer(SPECIES, m, at, ORDER).mul(BETA1).add(grad.mul(1 - BETA1));
        FloatVector vi = FloatVector.fromByteBuffer(SPECIES, v, at, ORDER).mul(BETA2).add(grad.mul(1 - BETA2).mul(grad));
        mi.intoByteBuffer(m, at, ORDER);
        vi.intoByteBuffer(v, at, ORDER);
        FloatVector stepped = mi.mul(lr).div(vi.sqrt().add(EPSILON));
        FloatVector.fromByteBuffer(SPECIES, w, at, ORDER).sub(stepped).mul(shrink).intoByteBuffer(w, at, ORDER);
    }

    /** The weights of float indices {@code [from, to)} rounded to bfloat16 (nearest, ties to even; NaN as 0x7fc0). */
    private static void round(ByteBuffer w, ByteBuffer halves, int from, int to) {
        for (int i = from; i < to; i += SPECIES.length()) {
            FloatVector x = FloatVector.fromByteBuffer(SPECIES, w, 4 * i, ORDER);
            IntVector bits = x.reinterpretAsInts();
            IntVector bias = bits.lanewise(VectorOperators.LSHR, 16).and(1).add(0x7fff);
            IntVector rounded = bits.add(bias).lanewise(VectorOperators.LSHR, 16);
            VectorMask<Integer> nan = x.compare(VectorOperators.NE, x).cast(INTS);
            rounded = rounded.blend(0x7fc0, nan);
            ((ShortVector) rounded.convertShape(VectorOperators.I2S, HALVES, 0)).intoByteBuffer(halves, 2 * i, ORDER);
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
