package dev.spanrel.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * The type and the range of every {@link TrainConfig} value, checked as a config is read and overridden, so a
 * value no training can use is refused with its key before anything runs (an {@code epochs} of -1 used to train
 * nothing and write a model; a {@code batchSize} of 0 ended in a stack trace). The type of a key is that of its
 * default; keys without a range rule take any value of their type.
 */
final class ConfigRanges {
    /** A range and how a message says it. */
    private record Range(DoublePredicate holds, String rule) {}

    /** Widths a span may have: the width embedding has one row per width up to this count, exclusive. */
    static final int WIDTH_EMBEDDING_COUNT = 100;

    private static final Range AT_LEAST_ONE = new Range(v -> v >= 1, "must be at least 1");
    private static final Range NOT_NEGATIVE = new Range(v -> v >= 0 && Double.isFinite(v), "must be at least 0");
    private static final Range POSITIVE = new Range(v -> v > 0 && Double.isFinite(v), "must be greater than 0");
    private static final Range FRACTION = new Range(v -> v >= 0 && v <= 1, "must be in [0, 1]");
    private static final Range FRACTION_BELOW_ONE = new Range(v -> v >= 0 && v < 1, "must be in [0, 1)");
    private static final Range FINITE = new Range(Double::isFinite, "must be a finite number");

    private static final Map<String, Range> RANGES = Map.ofEntries(
            Map.entry("epochs", AT_LEAST_ONE),
            Map.entry("batchSize", AT_LEAST_ONE),
            Map.entry("evalBatchSize", AT_LEAST_ONE),
            Map.entry("learningRate", POSITIVE),
            Map.entry("weightDecay", NOT_NEGATIVE),
            Map.entry("warmup", FRACTION),
            // 0 turns clipping off (AdamW clips only at a positive norm)
            Map.entry("maxGradNorm", NOT_NEGATIVE),
            // 0 never splits a batch into passes
            Map.entry("maxPassSubTokens", NOT_NEGATIVE),
            Map.entry("negativeRatio", NOT_NEGATIVE),
            Map.entry("negativeEntityCount", NOT_NEGATIVE),
            Map.entry("negativeRelationCount", NOT_NEGATIVE),
            Map.entry("maxSpanSize", new Range(v -> v >= 1 && v < WIDTH_EMBEDDING_COUNT,
                    "must be in [1, " + (WIDTH_EMBEDDING_COUNT - 1) + "]")),
            Map.entry("widthEmbeddingSize", AT_LEAST_ONE),
            Map.entry("dropout", FRACTION_BELOW_ONE),
            Map.entry("entityTemperature", POSITIVE),
            Map.entry("relationTemperature", POSITIVE),
            // Poly-1's epsilon may be negative (the Poly-1 paper uses -1 in places) or 0 (plain cross-entropy)
            Map.entry("polyEpsilon", FINITE),
            Map.entry("relationThreshold", FRACTION),
            Map.entry("limit", NOT_NEGATIVE),
            Map.entry("trainNoiseRate", FRACTION_BELOW_ONE),
            Map.entry("gceQ", new Range(v -> v > 0 && v <= 1, "must be in (0, 1]")),
            Map.entry("sceAlpha", NOT_NEGATIVE),
            Map.entry("sceBeta", NOT_NEGATIVE),
            Map.entry("sceLogZero", new Range(v -> v < 0 && Double.isFinite(v), "must be a finite number below 0 (log 0 clamped)")),
            Map.entry("robustLossWarmup", FRACTION_BELOW_ONE),
            Map.entry("smallLossRate", FRACTION_BELOW_ONE),
            Map.entry("smallLossWarmup", FRACTION),
            Map.entry("smallLossRamp", FRACTION),
            Map.entry("forwardCorrectionEpoch", NOT_NEGATIVE),
            Map.entry("forwardCorrectionConfidence", new Range(v -> v > 0 && v <= 1, "must be in (0, 1]")),
            Map.entry("forwardCorrectionFloor", FRACTION_BELOW_ONE));

    private ConfigRanges() {}

    /**
     * What is wrong with {@code value} for {@code key}, whose default is {@code defaultValue}: a sentence starting
     * with the key ({@code "epochs must be at least 1, got -1"}), or empty when the value is fine.
     */
    static Optional<String> problem(String key, JsonNode defaultValue, JsonNode value) {
        Optional<String> type = typeProblem(defaultValue, value);
        if (type.isPresent()) {
            return Optional.of(key + " " + type.get() + ", got " + value);
        }
        Range range = RANGES.get(key);
        if (range != null && !range.holds().test(value.doubleValue())) {
            return Optional.of(key + " " + range.rule() + ", got " + value);
        }
        return Optional.empty();
    }

    private static Optional<String> typeProblem(JsonNode defaultValue, JsonNode value) {
        if (defaultValue.isInt()) {
            return value.isIntegralNumber() && value.canConvertToInt() ? Optional.empty() : Optional.of("must be an integer");
        }
        if (defaultValue.isIntegralNumber()) {
            return value.isIntegralNumber() && value.canConvertToLong() ? Optional.empty() : Optional.of("must be an integer");
        }
        if (defaultValue.isNumber()) {
            return value.isNumber() ? Optional.empty() : Optional.of("must be a number");
        }
        if (defaultValue.isBoolean()) {
            return value.isBoolean() ? Optional.empty() : Optional.of("must be true or false");
        }
        return value.isTextual() ? Optional.empty() : Optional.of("must be a string");
    }
}
