package dev.spanrel.train;

import java.util.List;

/**
 * What one update measured.
 *
 * @param loss the batch's loss
 * @param gradientNorm the global gradient norm before clipping; not finite when the update was skipped
 * @param documents the {@code orig_id}s of the batch's documents
 * @param forwardBackwardNanos the time of the forward and backward pass
 * @param optimizerNanos the time of the optimizer's pass
 */
public record UpdateResult(float loss, float gradientNorm, List<String> documents, long forwardBackwardNanos,
        long optimizerNanos) {
    /**
     * Whether the update changed the model: the optimizer skips one whose loss or gradient norm is not finite.
     *
     * @return true when loss and gradient norm are finite
     */
    public boolean applied() {
        return Float.isFinite(loss) && Float.isFinite(gradientNorm);
    }
}
