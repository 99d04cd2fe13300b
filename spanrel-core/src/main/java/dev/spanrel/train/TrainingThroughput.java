package dev.spanrel.train;

/**
 * Measured training speed: updates, sentences and sub-tokens (real, and as padded batches) over wall seconds, with
 * the split between forward+backward and the optimizer. {@code epochDocuments} sizes an epoch for the estimate.
 */
public record TrainingThroughput(
        int steps,
        int sentences,
        int subTokens,
        int paddedSubTokens,
        double seconds,
        double forwardBackwardSeconds,
        double optimizerSeconds,
        int epochDocuments) {

    /**
     * Sentences trained on per wall second.
     *
     * @return the rate
     */
    public double sentencesPerSecond() {
        return sentences / seconds;
    }

    /**
     * Real (unpadded) sub-tokens trained on per wall second.
     *
     * @return the rate
     */
    public double subTokensPerSecond() {
        return subTokens / seconds;
    }

    /**
     * Minutes per epoch over {@code epochDocuments} at the measured sentence rate.
     *
     * @return the estimate
     */
    public double epochMinutes() {
        return epochDocuments / sentencesPerSecond() / 60;
    }
}
