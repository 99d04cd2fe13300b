package dev.spanrel.infer;

import java.util.OptionalDouble;

/**
 * How a model directory is opened for tagging. Options a model implementation does not have are ignored by it.
 *
 * @param precision number format of the model's matmuls: {@code fp32}, or {@code bf16} on CPUs with AMX or
 *     AVX512-BF16 (faster, to bfloat16's precision)
 * @param relationThreshold the probability a relation type must reach to be predicted; empty: the threshold the
 *     model was trained with. Lower finds more relations and more wrong ones.
 * @param batchSize sentences the model encodes at once; 0: the implementation's default. An {@link Extractor} opening
 *     a model directory sets it to its own batch size, so there is one knob.
 */
public record TaggerOptions(String precision, OptionalDouble relationThreshold, int batchSize) {
    /**
     * Checks that a given relation threshold is a probability and the batch size is not negative.
     *
     * @param precision number format of the model's matmuls: {@code fp32}, or {@code bf16} on CPUs with AMX or
     *     AVX512-BF16 (faster, to bfloat16's precision)
     * @param relationThreshold the probability a relation type must reach to be predicted; empty: the threshold the
     *     model was trained with. Lower finds more relations and more wrong ones.
     * @param batchSize sentences the model encodes at once; 0: the implementation's default
     */
    public TaggerOptions {
        relationThreshold.ifPresent(TaggerOptions::checkRelationThreshold);
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be at least 1, or 0 for the default: " + batchSize);
        }
    }

    /**
     * At {@code precision} with {@code relationThreshold}, batched as the implementation does by default.
     *
     * @param precision number format of the model's matmuls: {@code fp32} or {@code bf16}
     * @param relationThreshold the relation threshold; empty: the model's own
     */
    public TaggerOptions(String precision, OptionalDouble relationThreshold) {
        this(precision, relationThreshold, 0);
    }

    /**
     * Returns {@code threshold} if it is a probability, else raises an {@link IllegalArgumentException}.
     *
     * @param threshold the threshold to check
     * @return {@code threshold}
     */
    public static double checkRelationThreshold(double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("relation threshold must be in [0, 1], not " + threshold);
        }
        return threshold;
    }

    /**
     * At {@code precision}, with the model's own relation threshold.
     *
     * @param precision {@code fp32} or {@code bf16}
     */
    public TaggerOptions(String precision) {
        this(precision, OptionalDouble.empty());
    }

    /**
     * Float32 with the model's own relation threshold.
     *
     * @return the options
     */
    public static TaggerOptions defaults() {
        return new TaggerOptions("fp32");
    }

    /**
     * These options with relations kept from probability {@code threshold} on.
     *
     * @param threshold a probability in [0, 1]
     * @return new options
     */
    public TaggerOptions withRelationThreshold(double threshold) {
        return new TaggerOptions(precision, OptionalDouble.of(threshold), batchSize);
    }

    /**
     * These options with the model encoding {@code batchSize} sentences at once.
     *
     * @param batchSize at least 1
     * @return new options
     */
    public TaggerOptions withBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
        }
        return new TaggerOptions(precision, relationThreshold, batchSize);
    }
}
