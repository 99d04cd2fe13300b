package dev.spanrel.train;

/**
 * How many negatives a training sentence gets (docs/method.md section 3). A fixed count, when positive, wins over
 * the ratio: {@code negativeEntityCount = 100} and {@code negativeRelationCount = 100} are SpERT's settings.
 *
 * @param negativeRatio negatives per positive (paper: 30)
 * @param negativeEntityCount fixed number of negative spans per sentence, or 0 to use the ratio
 * @param negativeRelationCount fixed number of negative pairs per sentence, or 0 to use the ratio
 * @param maxSpanSize widest negative span, in words
 */
public record SamplingConfig(int negativeRatio, int negativeEntityCount, int negativeRelationCount, int maxSpanSize) {
    int entityNegatives(int positives) {
        return negativeEntityCount > 0 ? negativeEntityCount : negativeRatio * Math.max(1, positives);
    }

    int relationNegatives(int positives) {
        return negativeRelationCount > 0 ? negativeRelationCount : negativeRatio * Math.max(1, positives);
    }
}
