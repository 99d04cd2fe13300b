package dev.spanrel.train;

import ai.djl.ndarray.NDArray;

/**
 * Symmetric cross-entropy (Wang et al., 2019) on the tempered softmax: {@code α·CE + β·RCE}, where the reverse
 * cross-entropy {@code RCE = −Σ_k p_k log q_k} against the one-hot label q, with {@code log 0} clamped to A (below 0),
 * is {@code −A·(1 − p_y)}. So SCE is {@code α·(−log p_y) − β·A·(1 − p_y)}: Poly-1's form with its bounded term
 * weighted {@code −β·A}, and α free to weaken the unbounded one. Applied to the gold-positive spans through
 * {@link PositiveSpansLoss}.
 */
final class SymmetricCrossEntropyLoss implements EntityLoss {
    private final double alpha;
    private final double beta;
    private final double logZero;

    /**
     * @param alpha α, the weight of cross-entropy
     * @param beta β, the weight of the reverse cross-entropy
     * @param logZero A, the value {@code log 0} is clamped to (the paper's −4)
     */
    public SymmetricCrossEntropyLoss(double alpha, double beta, double logZero) {
        this.alpha = alpha;
        this.beta = beta;
        this.logZero = logZero;
    }

    @Override
    public NDArray perSample(NDArray logits, NDArray labels, double temperature) {
        NDArray logProbOfLabel = EntityLoss.logProbabilityOfLabel(logits, labels, temperature);
        NDArray reverse = logProbOfLabel.exp().neg().add(1).mul(-logZero);
        return logProbOfLabel.neg().mul(alpha).add(reverse.mul(beta));
    }
}
