package dev.spanrel.train;

import dev.spanrel.model.DocumentSamples;
import java.util.ArrayList;
import java.util.List;

/**
 * What one update measured.
 *
 * @param loss the batch's loss
 * @param gradientNorm the global gradient norm before clipping; not finite when the update was skipped
 * @param samples the batch's samples, one per document
 * @param forwardBackwardNanos the time of the forward and backward pass
 * @param optimizerNanos the time of the optimizer's pass
 */
public record UpdateResult(float loss, float gradientNorm, List<DocumentSamples> samples, long forwardBackwardNanos,
        long optimizerNanos) {
    /**
     * The {@code orig_id}s of the batch's documents, made when asked (a skipped update's report), not every update.
     *
     * @return one id per document, in batch order
     */
    public List<String> documents() {
        List<String> ids = new ArrayList<>(samples.size());
        samples.forEach(s -> ids.add(s.document().document().origId()));
        return ids;
    }

    /**
     * Whether the update changed the model: the optimizer skips one whose loss or gradient norm is not finite.
     *
     * @return true when loss and gradient norm are finite
     */
    public boolean applied() {
        return Float.isFinite(loss) && Float.isFinite(gradientNorm);
    }
}
