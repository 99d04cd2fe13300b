package dev.spanrel.train;

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
