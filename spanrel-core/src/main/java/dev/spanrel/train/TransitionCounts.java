package dev.spanrel.train;

import java.util.Locale;

/**
 * Counts, over the gold-positive training spans and pairs, of (class the model confidently predicts, observed
 * label): the data a {@link TransitionEstimate} is made from. A span counts when its observed label is an entity
 * type and the model's most probable class is an entity type with at least the confidence; a pair when it has
 * exactly one observed relation type and the most probable type reaches the confidence. The model's confident
 * class stands in for the true one: after a warm-up, a network fits the clean majority before it memorises the
 * flipped labels, so where it is sure and disagrees with the label, the label is likely the flipped one.
 */
final class TransitionCounts {
    private final double confidence;
    private final long[][] entities;
    private final long[][] relations;
    private long positiveSpans;
    private long positivePairs;

    /**
     * @param entityTypes entity types (without "no entity")
     * @param relationTypes relation types
     * @param confidence the least probability of a prediction that counts
     */
    TransitionCounts(int entityTypes, int relationTypes, double confidence) {
        this.confidence = confidence;
        this.entities = new long[entityTypes][entityTypes];
        this.relations = new long[relationTypes][relationTypes];
    }

    /**
     * Adds spans.
     *
     * @param probabilities the tempered softmax, [spans × classes] row-major, class 0 = no entity
     * @param labels the observed class of each span
     * @param mask 1 for a real span
     */
    void addSpans(float[] probabilities, long[] labels, float[] mask) {
        int classes = entities.length + 1;
        for (int s = 0; s < labels.length; s++) {
            if (mask[s] == 0 || labels[s] == 0) {
                continue;
            }
            positiveSpans++;
            int best = argmax(probabilities, s * classes, classes);
            if (best != 0 && probabilities[s * classes + best] >= confidence) {
                entities[best - 1][(int) labels[s] - 1]++;
            }
        }
    }

    /**
     * Adds pairs.
     *
     * @param probabilities the tempered sigmoid, [pairs × types] row-major
     * @param labels the multi-hot observed labels, same shape
     * @param mask 1 for a real pair
     */
    void addPairs(float[] probabilities, float[] labels, float[] mask) {
        int types = relations.length;
        for (int p = 0; p < mask.length; p++) {
            int observed = -1;
            int observedCount = 0;
            for (int k = 0; k < types; k++) {
                if (labels[p * types + k] > 0) {
                    observed = k;
                    observedCount++;
                }
            }
            if (mask[p] == 0 || observedCount != 1) {
                continue;
            }
            positivePairs++;
            int best = argmax(probabilities, p * types, types);
            if (probabilities[p * types + best] >= confidence) {
                relations[best][observed]++;
            }
        }
    }

    long[][] entityCounts() {
        return entities;
    }

    long[][] relationCounts() {
        return relations;
    }

    /**
     * What the estimate rests on, for the training log: how many of the positives counted, and which rows had no
     * count and so stay the identity's. Without it an estimate from nothing (no prediction reaching the confidence)
     * reads as "no noise found".
     *
     * @return one line for entities, one for relations
     */
    String describe() {
        return String.format(Locale.ROOT, "  entities: %d of %d positive spans predicted with p >= %s%s%n"
                + "  relations: %d of %d single-type positive pairs predicted with p >= %s%s%n",
                total(entities), positiveSpans, confidence, emptyRows(entities),
                total(relations), positivePairs, confidence, emptyRows(relations));
    }

    /** A row's count, as {@link TransitionEstimate#fromCounts} and {@link #describe} both read it. */
    static long rowTotal(long[] row) {
        long total = 0;
        for (long c : row) {
            total += c;
        }
        return total;
    }

    private static long total(long[][] counts) {
        long total = 0;
        for (long[] row : counts) {
            total += rowTotal(row);
        }
        return total;
    }

    private static String emptyRows(long[][] counts) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            if (rowTotal(counts[i]) == 0) {
                rows.append(rows.length() == 0 ? "" : ", ").append(i + 1);
            }
        }
        return rows.length() == 0 ? "" : "; rows without a count, left the identity's: " + rows;
    }

    /**
     * The estimate.
     *
     * @param floor the least probability of any transition
     * @return both matrices
     */
    TransitionEstimate estimate(double floor) {
        return new TransitionEstimate(TransitionEstimate.fromCounts(entities, floor), TransitionEstimate.fromCounts(relations, floor));
    }

    private static int argmax(float[] values, int from, int count) {
        int best = 0;
        for (int k = 1; k < count; k++) {
            if (values[from + k] > values[from + best]) {
                best = k;
            }
        }
        return best;
    }
}
