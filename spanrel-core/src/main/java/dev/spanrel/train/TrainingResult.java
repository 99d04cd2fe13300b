package dev.spanrel.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a finished run leaves in its {@code results.json}, as one value: {@link TrainingRun} returns and writes it,
 * rescoring writes one of the same shape, and the experiment summaries read it back. A part a run did not make is
 * a {@link MissingNode} and is left out of the file: no {@code test} without a test file, no {@code dev_history} in a
 * rescored run, no {@code train_noise} on clean data. The parts stay JSON because they are file formats of their own
 * (the scores are {@link dev.spanrel.eval.EvaluationReport}'s, the config is as it was written then: a run made by
 * older code has fewer keys than today's {@link TrainConfig}).
 *
 * @param devHistory the dev scores after every epoch, oldest first
 * @param test the test scores, the evaluation JSON of {@link dev.spanrel.eval.EvaluationReport}
 * @param testRelationErrors the split of the test relation errors ({@link dev.spanrel.eval.RelationErrors})
 * @param config the config the model was trained (or, rescored, scored) with, as {@link TrainConfig#toJson}
 * @param provenance where the run's code, data and machine came from ({@link Provenance})
 * @param trainNoise what the label noise changed in the training data
 * @param transitionEstimate the noise transitions forward correction estimated
 * @param skippedUpdates the updates skipped for a non-finite gradient ({@link TrainingState#skippedUpdates}): an
 *     empty array when none was, missing in runs made before they were recorded
 * @param wallSeconds the training's wall-clock seconds, over every resumed part
 */
public record TrainingResult(JsonNode devHistory, JsonNode test, JsonNode testRelationErrors, JsonNode config,
        JsonNode provenance, JsonNode trainNoise, JsonNode transitionEstimate, JsonNode skippedUpdates, double wallSeconds) {
    /** The file a finished run leaves in its run directory. */
    public static final String FILE = "results.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Any {@code null} part is taken as missing, so a reader never meets {@code null}. */
    public TrainingResult {
        devHistory = orMissing(devHistory);
        test = orMissing(test);
        testRelationErrors = orMissing(testRelationErrors);
        config = orMissing(config);
        provenance = orMissing(provenance);
        trainNoise = orMissing(trainNoise);
        transitionEstimate = orMissing(transitionEstimate);
        skippedUpdates = orMissing(skippedUpdates);
    }

    /**
     * The run's results, or empty when it has not finished.
     *
     * @param runDir the run directory
     * @return the finished run's results
     * @throws SpanrelException naming the file when it is there but not a results object
     */
    public static Optional<TrainingResult> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new SpanrelException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SpanrelException(file + ": a results file must hold one JSON object");
        }
        return Optional.of(new TrainingResult(root.path("dev_history"), root.path("test"), root.path("test_relation_errors"),
                root.path("config"), root.path("provenance"), root.path("train_noise"), root.path("transition_estimate"),
                root.path("skipped_updates"), root.path("wall_seconds").asDouble(0)));
    }

    /**
     * Writes {@code results.json} into the run directory, atomically: a reader sees the old file or the whole new one.
     *
     * @param runDir the run directory
     */
    public void write(Path runDir) {
        AtomicFiles.writeString(runDir.resolve(FILE), toJson().toPrettyString());
    }

    /**
     * The results as {@code results.json} holds them, in its key order, without the missing parts.
     *
     * @return the results object
     */
    public ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode();
        putPresent(json, "dev_history", devHistory);
        putPresent(json, "test", test);
        putPresent(json, "test_relation_errors", testRelationErrors);
        putPresent(json, "config", config);
        putPresent(json, "provenance", provenance);
        putPresent(json, "train_noise", trainNoise);
        putPresent(json, "transition_estimate", transitionEstimate);
        putPresent(json, "skipped_updates", skippedUpdates);
        json.put("wall_seconds", wallSeconds);
        return json;
    }

    /**
     * Whether the run was scored on a test file.
     *
     * @return true when {@link #test} holds scores
     */
    public boolean hasTest() {
        return test.isObject();
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
     * As {@link #configDifference(TrainConfig, Set)}, comparing every key.
     *
     * @param expected the config the run should have been made with
     * @return the first difference, or empty when there is none
     */
    public Optional<String> configDifference(TrainConfig expected) {
        return configDifference(expected, Set.of());
    }

    /**
     * The first config key whose value differs from {@code expected}'s, as "key: X in results.json, Y in the plan".
     * Keys the run's config does not have are skipped: they were added to the code after the run, with a default
     * that leaves old behaviour unchanged.
     *
     * @param expected the config the run should have been made with
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
                return Optional.of(field.getKey() + ": " + actual + " in " + FILE + ", " + field.getValue() + " in the plan");
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

    private static JsonNode orMissing(JsonNode node) {
        return node == null ? MissingNode.getInstance() : node;
    }

    private static void putPresent(ObjectNode json, String key, JsonNode value) {
        if (!value.isMissingNode()) {
            json.set(key, value);
        }
    }
}
