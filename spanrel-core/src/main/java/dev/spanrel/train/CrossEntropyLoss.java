package dev.spanrel.train;

import ai.djl.ndarray.NDArray;

/** Cross-entropy on the tempered softmax, {@code −log p_y} (name {@code cross-entropy}; Poly-1 with ε = 0). */
final class CrossEntropyLoss implements EntityLoss {
    @Override
    public NDArray perSample(NDArray logits, NDArray labels, double temperature) {
        return EntityLoss.logProbabilityOfLabel(logits, labels, temperature).neg();
    }
}
