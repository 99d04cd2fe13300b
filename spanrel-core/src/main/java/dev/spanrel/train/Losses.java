package dev.spanrel.train;

import ai.djl.ndarray.NDArray;

/**
 * What every loss strategy shares: the mean of per-sample values over the real (unpadded) samples of a batch
 * (docs/method.md sections 2, 4.1 and 9).
 */
final class Losses {
    private Losses() {}

    /** The mean of {@code values} where {@code mask} is 1 (0 when the mask holds no sample). */
    static NDArray maskedMean(NDArray values, NDArray mask) {
        return values.mul(mask).sum().div(mask.sum().maximum(1));
    }
}
