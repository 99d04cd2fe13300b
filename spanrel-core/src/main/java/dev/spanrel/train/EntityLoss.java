package dev.spanrel.train;

import ai.djl.ndarray.NDArray;

/**
 * The loss of the entity classifier: one value per span from its logits and gold class, averaged over the real
 * (unpadded) spans. Implementations are chosen by name with the config key {@code entityLoss} ({@link LossChoice}).
 */
public interface EntityLoss {
    /**
     * The loss of every span, padding included (the mask is applied by {@link #loss}).
     *
     * @param logits the entity logits, [..., classes]
     * @param labels the gold class of each span, int64 [...], 0 = no entity
     * @param temperature T, which divides the logits
     * @return the loss per span, [...]
     */
    NDArray perSample(NDArray logits, NDArray labels, double temperature);

    /**
     * The mean loss over the real spans.
     *
     * @param logits the entity logits, [..., classes]
     * @param labels the gold class of each span, int64 [...]
     * @param mask 1 for a real span, 0 for padding (or a span left out), float [...]
     * @param temperature T, which divides the logits
     * @return a scalar
     */
    default NDArray loss(NDArray logits, NDArray labels, NDArray mask, double temperature) {
        return Losses.maskedMean(perSample(logits, labels, temperature), mask);
    }

    /**
     * The log-probability of each span's gold class under the tempered softmax, the term every entity loss starts from.
     *
     * @param logits the entity logits, [..., classes]
     * @param labels the gold class of each span
     * @param temperature T
     * @return log p_y, [...]
     */
    static NDArray logProbabilityOfLabel(NDArray logits, NDArray labels, double temperature) {
        long classes = logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray logProbs = logits.div(temperature).logSoftmax(-1);
        return logProbs.mul(labels.oneHot((int) classes)).sum(new int[] {-1});
    }
}
