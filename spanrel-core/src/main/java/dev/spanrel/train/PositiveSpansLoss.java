package dev.spanrel.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * One loss for the gold-positive spans (label > 0, where label noise lives) and another for the sampled negatives
 * ("no entity", which noise never touches): a robust loss on the positives leaves negative sampling as it was.
 */
final class PositiveSpansLoss implements EntityLoss {
    private final EntityLoss positives;
    private final EntityLoss negatives;

    /**
     * @param positives the loss of spans with an entity type
     * @param negatives the loss of spans labelled "no entity"
     */
    public PositiveSpansLoss(EntityLoss positives, EntityLoss negatives) {
        this.positives = positives;
        this.negatives = negatives;
    }

    @Override
    public NDArray perSample(NDArray logits, NDArray labels, double temperature) {
        return NDArrays.where(labels.gt(0), positives.perSample(logits, labels, temperature),
                negatives.perSample(logits, labels, temperature));
    }
}
