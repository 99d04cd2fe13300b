package dev.spanrel.noise;

import java.util.SplittableRandom;

/**
 * A noise transition matrix {@code T[i][j] = P(noisy = j | clean = i)} over the K types of one type set, with
 * 0-based indices (type index minus one). Immutable; rows sum to one.
 */
final class TransitionMatrix {
    private final NoiseKind kind;
    private final double rate;
    private final double[][] rows;

    private TransitionMatrix(NoiseKind kind, double rate, double[][] rows) {
        this.kind = kind;
        this.rate = rate;
        this.rows = rows;
    }

    /**
     * The matrix of a kind and rate over {@code types} types. With fewer than two types there is nothing to flip
     * to, so the matrix is the identity whatever the rate ({@link #canFlip()} says so).
     *
     * @param kind symmetric or pair
     * @param rate the probability that a label changes type
     * @param types the number of types
     * @return the matrix
     */
    public static TransitionMatrix of(NoiseKind kind, double rate, int types) {
        if (types < 0) {
            throw new IllegalArgumentException("negative type count " + types);
        }
        double[][] rows = new double[types][types];
        for (int i = 0; i < types; i++) {
            if (types < 2) {
                rows[i][i] = 1;
                continue;
            }
            rows[i][i] = 1 - rate;
            if (kind == NoiseKind.SYMMETRIC) {
                for (int j = 0; j < types; j++) {
                    if (j != i) {
                        rows[i][j] = rate / (types - 1);
                    }
                }
            } else {
                rows[i][(i + 1) % types] = rate;
            }
        }
        return new TransitionMatrix(kind, rate, rows);
    }

    /**
     * The number of types.
     *
     * @return the matrix's side
     */
    public int size() {
        return rows.length;
    }

    /**
     * The kind of noise the matrix describes.
     *
     * @return symmetric or pair
     */
    public NoiseKind kind() {
        return kind;
    }

    /**
     * The probability that a label of type {@code clean} becomes {@code noisy}.
     *
     * @param clean the true type, from 0
     * @param noisy the noisy type, from 0
     * @return the probability; each row sums to 1
     */
    public double probability(int clean, int noisy) {
        return rows[clean][noisy];
    }

    /**
     * Whether any label can change: at least two types and a positive rate.
     *
     * @return true when a label can flip
     */
    public boolean canFlip() {
        return rows.length >= 2 && rate > 0;
    }

    /**
     * Draws the noisy type of a label of type {@code clean}. Exactly one number is drawn per call, so the stream
     * of draws, and with it every later label, does not depend on which labels flipped.
     *
     * @param clean the true type, from 0
     * @param random the stream of draws
     * @return the noisy type, from 0
     */
    public int sample(int clean, SplittableRandom random) {
        double u = random.nextDouble();
        double[] row = rows[clean];
        double cumulative = 0;
        for (int j = 0; j < row.length; j++) {
            cumulative += row[j];
            if (u < cumulative) {
                return j;
            }
        }
        // Rounding can leave the cumulative sum a hair below one; such a draw keeps the clean type.
        return clean;
    }
}
