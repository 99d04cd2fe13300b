package dev.spanrel.train;

import ai.djl.ndarray.NDArray;

/** Binary cross-entropy with logits on {@code z/T}, averaged over the relation types (the paper's, name {@code bce}). */
final class BinaryCrossEntropyLoss implements RelationLoss {
    @Override
    public NDArray perSample(NDArray logits, NDArray labels, double temperature) {
        NDArray z = logits.div(temperature);
        // max(z, 0) − z·y + log(1 + e^−|z|): the numerically stable form of BCE with logits.
        NDArray perType = z.maximum(0).sub(z.mul(labels)).add(z.abs().neg().exp().add(1).log());
        return perType.mean(new int[] {-1});
    }
}
