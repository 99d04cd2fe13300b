package dev.spanrel.train;

import ai.djl.ndarray.NDArray;

/**
 * Symmetric cross-entropy for each binary relation decision: {@code α·(−log p_t) − β·A·(1 − p_t)}, the two-class
 * case of {@link SymmetricCrossEntropyLoss} (the reverse term over {label, not label} with log 0 = A), averaged
 * over the types. Applied to the gold-positive pairs through {@link PositivePairsLoss}.
 */
final class RelationSymmetricCrossEntropyLoss implements RelationLoss {
    private final double alpha;
    private final double beta;
    private final double logZero;

    /**
     * @param alpha α, the weight of cross-entropy
     * @param beta β, the weight of the reverse cross-entropy
     * @param logZero A, the value {@code log 0} is clamped to
     */
    public RelationSymmetricCrossEntropyLoss(double alpha, double beta, double logZero) {
        this.alpha = alpha;
        this.beta = beta;
        this.logZero = logZero;
    }

    @Override
    public NDArray perSample(NDArray logits, NDArray labels, double temperature) {
        NDArray logP = RelationLoss.logProbabilityOfLabels(logits, labels, temperature);
        NDArray reverse = logP.exp().neg().add(1).mul(-logZero);
        return logP.neg().mul(alpha).add(reverse.mul(beta)).mean(new int[] {-1});
    }
}
