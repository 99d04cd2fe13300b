package dev.spanrel.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.SpanrelException;
import dev.spanrel.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a finished run left in its {@code results.json}: the test scores (the evaluation JSON of
 * {@link dev.spanrel.eval.EvaluationReport}), the split of its relation errors (a missing node for runs made before
 * it was recorded), the config it was trained with and its provenance (a missing node for runs without one). Runs
 * made with
 * {@code bin/spanrel train --out DIR} read the same as runs made by the experiment runner.
 */
public record FinishedRun(Path resultsFile, JsonNode test, JsonNode relationErrors, JsonNode config, double wallSeconds,
        JsonNode provenance) {
    /** The file a finished run leaves in its run directory. */
    public static final String RESULTS = "results.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The run's results, or empty when it has not finished.
     *
     * @param runDir the run directory
     * @return the finished run
     */
    public static Optional<FinishedRun> read(Path runDir) {
        Path file = runDir.resolve(RESULTS);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new SpanrelException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode test = root.path("test");
        if (!test.isObject()) {
            throw new SpanrelException(file + ": test: missing; the run's config had no test file, so it cannot be summarised");
        }
        return Optional.of(new FinishedRun(file, test, root.path("test_relation_errors"), root.path("config"),
                root.path("wall_seconds").asDouble(0), root.path("provenance")));
    }

    /**
     * The commit that trained the run, or "unknown".
     *
     * @return the {@code code_version} of its provenance
     */
    public String codeVersion() {
        return provenance.path("code_version").asText("unknown");
    }

    /**
     * When the run started (ISO-8601), or "".
     *
     * @return the {@code created} time of its provenance
     */
    public String created() {
        return provenance.path("created").asText("");
    }

    /**
     * The first config key whose value differs from what the plan asks for, as "key: X in results.json, Y in the
     * plan". Keys the run's config does not have are skipped: they were added to the code after the run, with a
     * default that leaves old behaviour unchanged.
     *
     * @param expected the config the plan asks for
     * @return the first difference, or empty when there is none
     */
    public Optional<String> configDifference(TrainConfig expected) {
        return configDifference(expected, Set.of());
    }

    /**
     * As {@link #configDifference(TrainConfig)}, not comparing the {@code ignored} keys.
     *
     * @param expected the config the plan asks for
     * @param ignored keys not to compare
     * @return the first difference, or empty when there is none
     */
    public Optional<String> configDifference(TrainConfig expected, Set<String> ignored) {
        Iterator<Map.Entry<String, JsonNode>> fields = expected.toJson().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (ignored.contains(field.getKey())) {
                continue;
            }
            JsonNode actual = config.get(field.getKey());
            if (actual != null && !sameValue(actual, field.getValue())) {
                return Optional.of(field.getKey() + ": " + actual + " in " + RESULTS + ", " + field.getValue() + " in the plan");
            }
        }
        return Optional.empty();
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        // 5e-5 and 5.0E-5, or 1 and 1.0, are the same setting written two ways.
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        return a.equals(b);
    }
}
