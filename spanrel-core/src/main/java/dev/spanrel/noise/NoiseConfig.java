package dev.spanrel.noise;

import dev.spanrel.SpanrelException;

/**
 * How to corrupt training labels: the flip probability {@code rate} of every gold label, the seed of the draws,
 * and the shape of the transition matrix.
 */
public record NoiseConfig(double rate, long seed, NoiseKind kind) {
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

    public static NoiseConfig symmetric(double rate, long seed) {
        return new NoiseConfig(rate, seed, NoiseKind.SYMMETRIC);
    }
}
