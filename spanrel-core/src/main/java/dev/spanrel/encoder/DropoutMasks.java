package dev.spanrel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Inverted dropout whose masks are drawn in Java: each element is kept with probability {@code 1 - rate} and then
 * scaled by {@code 1 / (1 - rate)}, as {@code torch.dropout} does, but the mask comes from a {@link SplittableRandom}
 * stream instead of libtorch's {@code bernoulli_}.
 *
 * <p>Why: libtorch draws its Bernoulli masks with MKL's vectorized generator on Intel CPUs only; on others (AMD) it
 * falls back to one element at a time on one thread, ~24 ns a float, 5-6 % of a BERT-base training update
 * (docs/BENCHMARKS.md). This stream fills a mask at a few ns a float on any CPU, and the same seed gives the same
 * masks on every machine, so a run resumed on another vendor's CPU goes on with the dropout it would have had.
 *
 * <p>One source serves a model (the encoder and the classifiers draw from it in the order of the forward pass);
 * the trainer reseeds it at every epoch, as it reseeds libtorch, so a resumed run draws what an uninterrupted one
 * would. Drawing is synchronized: one model trains on one thread, but nothing breaks if two threads share it.
 */
public final class DropoutMasks {
    /** Two 32-bit draws per {@code nextLong()}; a drawn value below the threshold drops its element. */
    private static final double TWO_TO_32 = 4294967296.0;
    private static final int CHUNK = 4096;

    private SplittableRandom random;

    /**
     * A source seeded with {@code seed}.
     *
     * @param seed the seed
     */
    public DropoutMasks(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * Starts the stream again from {@code seed}.
     *
     * @param seed the seed
     */
    public synchronized void reseed(long seed) {
        random = new SplittableRandom(seed);
    }

    /**
     * {@code x} with dropout applied in training, {@code x} itself otherwise.
     *
     * @param x the activations (float32)
     * @param rate the probability of dropping an element, in [0, 1)
     * @param training whether dropout is active
     * @return {@code x · mask}, which autograd differentiates as {@code torch.dropout}
     */
    public NDArray apply(NDArray x, double rate, boolean training) {
        if (!training || rate <= 0) {
            return x;
        }
        return x.mul(mask(x.getManager(), x.getShape(), rate));
    }

    /**
     * A fresh float32 mask: {@code 0} for a dropped element, {@code 1 / (1 - rate)} for a kept one.
     *
     * @param manager where the mask is made
     * @param shape its shape
     * @param rate the probability of dropping an element, in (0, 1)
     * @return the mask
     */
    public NDArray mask(NDManager manager, Shape shape, double rate) {
        if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in (0, 1), got " + rate);
        }
        long size = shape.size();
        NDArray mask = manager.create(shape, DataType.FLOAT32);
        FloatBuffer out = TensorMemory.of(mask).asFloatBuffer();
        fill(out, size, rate);
        return mask;
    }

    private synchronized void fill(FloatBuffer out, long size, double rate) {
        long threshold = Math.round(rate * TWO_TO_32);
        int keptBits = Float.floatToRawIntBits((float) (1.0 / (1.0 - rate)));
        float[] chunk = new float[(int) Math.min(CHUNK, size)];
        SplittableRandom r = random;
        for (long start = 0; start < size; start += CHUNK) {
            int n = (int) Math.min(CHUNK, size - start);
            int i = 0;
            for (; i + 1 < n; i += 2) {
                long bits = r.nextLong();
                chunk[i] = element(bits >>> 32, threshold, keptBits);
                chunk[i + 1] = element(bits & 0xFFFF_FFFFL, threshold, keptBits);
            }
            if (i < n) {
                chunk[i] = element(r.nextLong() >>> 32, threshold, keptBits);
            }
            out.put(chunk, 0, n);
        }
    }

    /**
     * {@code 0} when the 32-bit draw is below the threshold, else the kept scale; without a branch, since one in ten
     * elements drops at random and a mispredicted branch per element would cost more than the drawing.
     */
    private static float element(long draw, long threshold, int keptBits) {
        int dropped = (int) ((draw - threshold) >>> 63); // 1 when draw < threshold (both below 2^32)
        return Float.intBitsToFloat(keptBits & (dropped - 1));
    }
}
