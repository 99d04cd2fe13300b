package dev.spanrel.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * One loss for the gold-positive pairs (at least one relation type, where label noise lives) and another for the
 * sampled negatives (no relation, which noise never touches).
 */
final class PositivePairsLoss implements RelationLoss {
    private final RelationLoss positives;
    private final RelationLoss negatives;

    /**
     * @param positives the loss of pairs with a relation
     * @param negatives the loss of pairs without one
     */
    public PositivePairsLoss(RelationLoss positives, RelationLoss negatives) {
        this.positives = positives;
        this.negatives = negatives;
    }

    @Override
    public NDArray perSample(NDArray logits, NDArray labels, double temperature) {
        return NDArrays.where(isPositive(labels), positives.perSample(logits, labels, temperature),
                negatives.perSample(logits, labels, temperature));
    }

    /** Whether each pair has a relation type, [...] boolean. */
    static NDArray isPositive(NDArray labels) {
        return labels.sum(new int[] {-1}).gt(0);
    }
}
