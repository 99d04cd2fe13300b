package dev.spanrel.train;

import ai.djl.ndarray.NDArray;

/** Poly-1 on the tempered softmax, {@code CE(z/T, y) + ε·(1 − p_y)} (the paper's entity loss, name {@code poly1}). */
final class Poly1Loss implements EntityLoss {
    private final double epsilon;

    /**
     * @param epsilon ε, the weight of the Poly-1 term; 0 computes cross-entropy, the same numbers to the bit
     */
    public Poly1Loss(double epsilon) {
        this.epsilon = epsilon;
    }

    @Override
    public NDArray perSample(NDArray logits, NDArray labels, double temperature) {
        NDArray logProbOfLabel = EntityLoss.logProbabilityOfLabel(logits, labels, temperature);
        NDArray perSample = logProbOfLabel.neg();
        if (epsilon != 0) {
            perSample = perSample.add(logProbOfLabel.exp().neg().add(1).mul(epsilon));
        }
        return perSample;
    }
}
