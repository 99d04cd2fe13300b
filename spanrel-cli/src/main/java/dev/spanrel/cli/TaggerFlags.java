package dev.spanrel.cli;

import dev.spanrel.SpanrelException;
import dev.spanrel.encoder.Precision;
import dev.spanrel.infer.TaggerOptions;

/** What the commands that load a model share: the help texts of its options and how they become {@link TaggerOptions}. */
public final class TaggerFlags {
    /** Help text of {@code --precision} where float32 is the default. */
    public static final String PRECISION = "fp32 (default), or bf16: the encoder's matmuls in bfloat16, faster on CPUs"
            + " with AMX or AVX512-BF16 and refused elsewhere; results agree to bfloat16's precision. auto: bf16 where"
            + " the CPU has it natively, else fp32.";
    /** For the commands that only predict: bfloat16 by default where the CPU has it (about twice the speed). */
    /** Help text of {@code --precision} where {@code auto} is the default (predicting, serving). */
    public static final String PREDICTING_PRECISION = "auto (default): bf16 where the CPU has it natively (AMX or AVX512-BF16;"
            + " about twice the sentences/s, the projection matrices kept in bfloat16 only, scores within about 0.1 F1"
            + " of fp32), else fp32. fp32 or bf16 choose one (bf16 is refused on CPUs without it).";
    /** Help text of {@code --relation-threshold}. */
    public static final String RELATION_THRESHOLD = "Predict a relation from this probability on (0-1), instead of the"
            + " threshold the model was trained with: lower finds more relations, and more wrong ones.";

    private TaggerFlags() {}

    /** The options for {@code --precision} and {@code --relation-threshold} (null: the model's own). */
    public static TaggerOptions options(String precision, Double relationThreshold) {
        TaggerOptions options = new TaggerOptions(Precision.parse(precision, "--precision").configName());
        if (relationThreshold == null) {
            return options;
        }
        try {
            return options.withRelationThreshold(relationThreshold);
        } catch (IllegalArgumentException e) {
            throw new SpanrelException("--relation-threshold must be a probability in [0, 1], not " + relationThreshold);
        }
    }
}
