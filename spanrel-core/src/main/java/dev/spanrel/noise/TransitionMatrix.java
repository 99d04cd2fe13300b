package dev.spanrel.noise;

import java.util.SplittableRandom;

/**
 * A noise transition matrix {@code T[i][j] = P(noisy = j | clean = i)} over the K types of one type set, with
 * 0-based indices (type index minus one). Immutable; rows sum to one.
 */
public final class TransitionMatrix {
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

    public int size() {
        return rows.length;
    }

    public NoiseKind kind() {
        return kind;
    }

    public double probability(int clean, int noisy) {
        return rows[clean][noisy];
    }

    /** Whether any label can change: at least two types and a positive rate. */
    public boolean canFlip() {
        return rows.length >= 2 && rate > 0;
    }

    /**
     * Draws the noisy type of a label of type {@code clean}. Exactly one number is drawn per call, so the stream
     * of draws, and with it every later label, does not depend on which labels flipped.
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
