package dev.spanrel.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.SpanrelException;
import dev.spanrel.train.TrainConfig;
import dev.spanrel.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The summary of one experiment, written to {@code <results>/<name>[-quick].json}: what was run, every finished
 * run's test scores and provenance, and their mean and sample standard deviation. The report is made from these
 * files alone, so they are small and self-describing.
 */
public final class ExperimentSummary {
    /**
     * A finished run that counts towards the summary.
     *
     * @param run the plan's run
     * @param result its results
     * @param source the file they were read from: its {@code results.json}, or the summary that recorded them
     */
    public record CountedRun(PlanRun run, TrainingResult result, Path source) {}

    private ExperimentSummary() {}

    /**
     * A finished run's results, or empty when it has not finished.
     *
     * @param runDir the run directory
     * @return its results
     * @throws SpanrelException when the run has no test scores: its config had no test file, so it cannot be summarised
     */
    static Optional<TrainingResult> scoredRun(Path runDir) {
        Optional<TrainingResult> result = TrainingResult.read(runDir);
        if (result.isPresent() && !result.get().hasTest()) {
            throw new SpanrelException(runDir.resolve(TrainingResult.FILE)
                    + ": test: missing; the run's config had no test file, so it cannot be summarised");
        }
        return result;
    }

    /**
     * @param config the experiment's resolved config (its first run's), recorded so a reader sees every setting
     * @param root the repository root; paths inside it are written relative to it
     * @param plan the plan the experiment belongs to
     * @param experiment the experiment
     * @param quick whether these are quick runs
     * @param runsPlanned how many runs the plan asks for
     * @param counted the finished runs whose config matches the plan
     * @return the summary
     */
    public static ObjectNode build(Plan plan, PlanExperiment experiment, boolean quick, TrainConfig config,
            int runsPlanned, List<CountedRun> counted, Path root) {
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.put("name", experiment.name());
        summary.put("plan", displayPath(plan.file(), root));
        summary.put("plan_name", plan.name());
        summary.put("plan_index", plan.indexOf(experiment));
        summary.put("dataset", experiment.dataset());
        summary.put("variant", experiment.variant());
        summary.put("setting", experiment.setting());
        if (experiment.noiseRate().isPresent()) {
            summary.put("noise_rate", experiment.noiseRate().getAsDouble());
        } else {
            summary.putNull("noise_rate");
        }
        summary.put("quick", quick);
        experiment.rescores().ifPresent(trained -> summary.put("rescores", trained));
        summary.set("config", config.toJson());
        ArrayNode runs = summary.putArray("runs");
        for (CountedRun each : counted) {
            ObjectNode entry = runs.addObject();
            entry.put("seed", each.run().seed());
            if (each.run().fold().isPresent()) {
                entry.put("fold", each.run().fold().getAsInt());
            } else {
                entry.putNull("fold");
            }
            entry.put("run_dir", displayPath(each.run().runDir(), root));
            entry.set("test", each.result().test());
            if (each.result().testRelationErrors().isObject()) {
                entry.set("test_relation_errors", each.result().testRelationErrors());
            }
            if (each.result().skippedUpdates().isArray()) {
                entry.set("skipped_updates", each.result().skippedUpdates());
            }
            List<String> predated = keysThePredates(config.toJson(), each.result().config());
            if (!predated.isEmpty()) {
                predated.forEach(entry.putArray(PREDATED_KEYS)::add);
            }
            entry.put("wall_seconds", each.result().wallSeconds());
            entry.put("code_version", each.result().codeVersion());
            entry.put("created", each.result().created());
        }
        summary.put("runs_done", counted.size());
        summary.put("runs_planned", runsPlanned);
        summary.put("complete", counted.size() == runsPlanned);
        if (!counted.isEmpty()) {
            summary.set("test", ScoreStatistics.mean(counted));
            summary.set("test_std", ScoreStatistics.sampleStd(counted));
        }
        return summary;
    }

    /**
     * A run entry's list of the experiment config's keys that the run's own config did not have: keys added to the
     * code after the run, which it trained without (as at each key's default, TrainingResult.configDifference), so
     * the summary's {@code config}, the plan's as it is now, does not claim them for it.
     */
    static final String PREDATED_KEYS = "config_keys_added_after_the_run";

    /** The keys of {@code experiment} that {@code run}, a run's recorded config, lacks, in the config's order. */
    static List<String> keysThePredates(JsonNode experiment, JsonNode run) {
        List<String> keys = new ArrayList<>();
        if (run == null || !run.isObject()) {
            return keys;
        }
        experiment.fieldNames().forEachRemaining(key -> {
            if (!run.has(key)) {
                keys.add(key);
            }
        });
        return keys;
    }

    /** "seed 2" or "seed 1 fold 3": what identifies a run within its experiment. */
    static String runKey(long seed, OptionalInt fold) {
        return "seed " + seed + (fold.isPresent() ? " fold " + fold.getAsInt() : "");
    }

    /**
     * The runs an existing summary file records, by {@link #runKey}, as {@link TrainingResult}s built from what it kept
     * of each (test scores, relation errors, wall time, code version, start time); none when there is no file, or
     * when the summary was made with a config other than {@code config} (then its runs are not this experiment's).
     */
    static Map<String, TrainingResult> recordedRuns(Path summaryFile, TrainConfig config) {
        Map<String, TrainingResult> runs = new LinkedHashMap<>();
        if (!Files.isRegularFile(summaryFile)) {
            return runs;
        }
        JsonNode summary;
        try {
            summary = new ObjectMapper().readTree(summaryFile.toFile());
        } catch (IOException e) {
            throw new SpanrelException("cannot read the summary " + summaryFile + ": " + e.getMessage(), e);
        }
        TrainingResult asConfigured = new TrainingResult(null, summary.path("test"), null, summary.path("config"), null,
                null, null, null, 0);
        if (!summary.path("config").isObject() || asConfigured.configDifference(config, Set.of("seed")).isPresent()) {
            return runs;
        }
        for (JsonNode entry : summary.path("runs")) {
            if (!entry.path("test").isObject()) {
                continue;
            }
            ObjectNode provenance = JsonNodeFactory.instance.objectNode();
            provenance.put("code_version", entry.path("code_version").asText("unknown"));
            provenance.put("created", entry.path("created").asText(""));
            OptionalInt fold = entry.path("fold").isInt() ? OptionalInt.of(entry.path("fold").asInt())
                    : OptionalInt.empty();
            // the run's config as far as the summary knows it: the summary's, without the keys the run predates
            ObjectNode runConfig = ((ObjectNode) summary.path("config")).deepCopy();
            entry.path(PREDATED_KEYS).forEach(key -> runConfig.remove(key.asText()));
            runs.put(runKey(entry.path("seed").asLong(), fold), new TrainingResult(null, entry.path("test"),
                    entry.path("test_relation_errors"), runConfig, provenance, null, null,
                    entry.path("skipped_updates"), entry.path("wall_seconds").asDouble(0)));
        }
        return runs;
    }

    /** A path relative to the repository root when it lies inside it, with '/' on every platform. */
    static String displayPath(Path path, Path root) {
        Path absolute = path.toAbsolutePath().normalize();
        Path base = root.toAbsolutePath().normalize();
        Path shown = absolute.startsWith(base) ? base.relativize(absolute) : absolute;
        return shown.toString().replace('\\', '/');
    }
}
