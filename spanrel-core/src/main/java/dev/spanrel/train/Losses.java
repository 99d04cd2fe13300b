package dev.spanrel.train;

import ai.djl.ndarray.NDArray;

/**
 * The paper's two training losses as static functions (method.md sections 2 and 4), averaged over real (unpadded)
 * samples; the strategies {@link Poly1Loss} and {@link BinaryCrossEntropyLoss} compute them.
 */
public final class Losses {
    private Losses() {}

    /**
     * Poly-1 loss on the tempered softmax: {@code CE(z/T, y) + ε·(1 − p_y)}; ε = 0 is cross-entropy.
     *
     * @param logits the entity logits, [..., classes]
     * @param labels the gold class of each sample, int64 [...]
     * @param mask 1 for a real sample, 0 for padding, float [...]
     * @param temperature T, which divides the logits
     * @param epsilon ε, the weight of the Poly-1 term
     * @return the mean loss over the real samples, a scalar
     */
    public static NDArray entityLoss(NDArray logits, NDArray labels, NDArray mask, double temperature, double epsilon) {
        return new Poly1Loss(epsilon).loss(logits, labels, mask, temperature);
    }

    /**
     * Binary cross-entropy with logits on {@code z/T}, averaged over types, then over real samples.
     *
     * @param logits the relation logits, [..., types]
     * @param labels multi-hot gold labels, float [..., types]
     * @param mask 1 for a real sample, 0 for padding, float [...]
     * @param temperature T, which divides the logits
     * @return the mean loss over the real samples, a scalar
     */
    public static NDArray relationLoss(NDArray logits, NDArray labels, NDArray mask, double temperature) {
        return new BinaryCrossEntropyLoss().loss(logits, labels, mask, temperature);
    }

    /** The mean of {@code values} where {@code mask} is 1 (0 when the mask holds no sample). */
    static NDArray maskedMean(NDArray values, NDArray mask) {
        return values.mul(mask).sum().div(mask.sum().maximum(1));
    }
}
