package dev.spanrel.train;

import ai.djl.ndarray.NDArray;

/**
 * The loss of the multi-label relation classifier: one value per pair (averaged over the relation types) from its
 * logits and multi-hot labels, averaged over the real pairs. Chosen by name with the config key
 * {@code relationLoss} ({@link LossChoice}).
 */
public interface RelationLoss {
    /**
     * The loss of every pair, padding included (the mask is applied by {@link #loss}).
     *
     * @param logits the relation logits, [..., types]
     * @param labels multi-hot gold labels, float [..., types]; a sampled negative pair is all zeros
     * @param temperature T, which divides the logits
     * @return the loss per pair, [...]
     */
    NDArray perSample(NDArray logits, NDArray labels, double temperature);

    /**
     * The mean loss over the real pairs.
     *
     * @param logits the relation logits, [..., types]
     * @param labels multi-hot gold labels, float [..., types]
     * @param mask 1 for a real pair, 0 for padding (or a pair left out), float [...]
     * @param temperature T, which divides the logits
     * @return a scalar
     */
    default NDArray loss(NDArray logits, NDArray labels, NDArray mask, double temperature) {
        return Losses.maskedMean(perSample(logits, labels, temperature), mask);
    }

    /**
     * log p_t of each type's binary decision, p_t = σ(z/T) where the label is 1 and 1 − σ(z/T) where it is 0, in the
     * stable form {@code −(max(−x, 0) + log(1 + e^−|x|))} with x = ±z/T.
     *
     * @param logits the relation logits, [..., types]
     * @param labels multi-hot labels, float [..., types]
     * @param temperature T
     * @return log p_t, [..., types]
     */
    static NDArray logProbabilityOfLabels(NDArray logits, NDArray labels, double temperature) {
        NDArray signed = logits.div(temperature).mul(labels.mul(2).sub(1));
        return signed.neg().maximum(0).add(signed.abs().neg().exp().add(1).log()).neg();
    }
}
