package dev.spanrel.train;

import ai.djl.ndarray.NDArray;

/**
 * Generalized cross-entropy (Zhang and Sabuncu, 2018) on the tempered softmax, {@code (1 − p_y^q) / q}: q → 0 is
 * cross-entropy, q = 1 the mean absolute error, which a flipped label pulls on with a bounded force. Applied to the
 * gold-positive spans through {@link PositiveSpansLoss}.
 */
final class GeneralizedCrossEntropyLoss implements EntityLoss {
    private final double q;

    /**
     * @param q the exponent, in (0, 1]
     */
    public GeneralizedCrossEntropyLoss(double q) {
        this.q = q;
    }

    @Override
    public NDArray perSample(NDArray logits, NDArray labels, double temperature) {
        // p_y^q as exp(q · log p_y), which stays finite where p_y underflows.
        NDArray logProbOfLabel = EntityLoss.logProbabilityOfLabel(logits, labels, temperature);
        return logProbOfLabel.mul(q).exp().neg().add(1).div(q);
    }
}
