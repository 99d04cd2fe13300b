package dev.spanrel.noise;

import dev.spanrel.SpanrelException;

/**
 * How to corrupt training labels: the flip probability {@code rate} of every gold label, the seed of the draws,
 * and the shape of the transition matrix.
 *
 * @param rate the flip probability of a label, in [0, 1)
 * @param seed the seed of the draws
 * @param kind symmetric or pair
 */
public record NoiseConfig(double rate, long seed, NoiseKind kind) {
    /**
     * Checks that the rate is in [0, 1) and that a kind is given.
     *
     * @param rate the flip probability of a label, in [0, 1)
     * @param seed the seed of the draws
     * @param kind symmetric or pair
     */
    public NoiseConfig {
        // A rate of 1 would leave no clean label of a type behind (and pair noise would just rename the types),
        // so the experiment's range stops short of it.
        if (!(rate >= 0 && rate < 1)) {
            throw new SpanrelException("noise rate must be in [0, 1), got " + rate);
        }
        if (kind == null) {
            throw new SpanrelException("noise kind is missing; known: symmetric, pair");
        }
    }

    /**
     * Symmetric noise: a flipped label takes any other type with equal probability.
     *
     * @param rate the flip probability, in [0, 1)
     * @param seed the seed of the draws
     * @return the configuration
     */
    public static NoiseConfig symmetric(double rate, long seed) {
        return new NoiseConfig(rate, seed, NoiseKind.SYMMETRIC);
    }
}
