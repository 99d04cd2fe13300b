package dev.spanrel.train;

import ai.djl.ndarray.NDArray;

/** The training losses of method.md sections 2 and 4, averaged over real (unpadded) samples. */
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
        long classes = logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray logProbs = logits.div(temperature).logSoftmax(-1);
        NDArray logProbOfLabel = logProbs.mul(labels.oneHot((int) classes)).sum(new int[] {-1});
        NDArray perSample = logProbOfLabel.neg();
        if (epsilon != 0) {
            perSample = perSample.add(logProbOfLabel.exp().neg().add(1).mul(epsilon));
        }
        return maskedMean(perSample, mask);
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
        NDArray z = logits.div(temperature);
        // max(z, 0) − z·y + log(1 + e^−|z|): the numerically stable form of BCE with logits.
        NDArray perType = z.maximum(0).sub(z.mul(labels)).add(z.abs().neg().exp().add(1).log());
        return maskedMean(perType.mean(new int[] {-1}), mask);
    }

    private static NDArray maskedMean(NDArray values, NDArray mask) {
        return values.mul(mask).sum().div(mask.sum().maximum(1));
    }
}
