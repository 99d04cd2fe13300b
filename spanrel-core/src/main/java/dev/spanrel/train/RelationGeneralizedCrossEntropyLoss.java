package dev.spanrel.train;

import ai.djl.ndarray.NDArray;

/**
 * Generalized cross-entropy for each binary relation decision, {@code (1 − p_t^q) / q} with p_t the tempered
 * sigmoid's probability of the label (σ where it is 1, 1 − σ where it is 0), averaged over the types. A flipped
 * relation type is wrong in two decisions (the gold type's 1 and the new type's 0); both pull with a bounded
 * force. Applied to the gold-positive pairs through {@link PositivePairsLoss}.
 */
final class RelationGeneralizedCrossEntropyLoss implements RelationLoss {
    private final double q;

    /**
     * @param q the exponent, in (0, 1]
     */
    public RelationGeneralizedCrossEntropyLoss(double q) {
        this.q = q;
    }

    @Override
    public NDArray perSample(NDArray logits, NDArray labels, double temperature) {
        NDArray logP = RelationLoss.logProbabilityOfLabels(logits, labels, temperature);
        return logP.mul(q).exp().neg().add(1).div(q).mean(new int[] {-1});
    }
}
