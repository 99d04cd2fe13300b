package dev.spanrel.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * An experiment summary ({@link ExperimentSummary}) read back for the report.
 *
 * @param runs the provenance of each counted run, for the report's "how it was made" notes
 * @param file the summary file it was read from
 * @param name the experiment's name
 * @param plan the plan file, as the summary names it
 * @param planIndex the experiment's position in its plan
 * @param dataset the data set's name
 * @param variant what distinguishes the experiment, in words
 * @param setting the evaluation setting, in words
 * @param quick whether these are quick runs
 * @param noiseRate the training-label noise rate, when the experiment has one
 * @param runsDone the finished runs counted
 * @param runsPlanned the runs the plan asks for
 * @param test the mean test scores, in the evaluation JSON's shape
 * @param testStd their sample standard deviations, in the same shape
 */
public record ExperimentResult(
        Path file,
        String name,
        String plan,
        int planIndex,
        String dataset,
        String variant,
        String setting,
        boolean quick,
        OptionalDouble noiseRate,
        int runsDone,
        int runsPlanned,
        List<RunProvenance> runs,
        JsonNode test,
        JsonNode testStd) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who made one counted run: its seed, its fold (-1 when the data set has none), code version and start time. */
    public record RunProvenance(long seed, int fold, String codeVersion, String created) {}

    /**
     * Copies the runs.
     *
     * @param file the summary file it was read from
     * @param name the experiment's name
     * @param plan the plan file, as the summary names it
     * @param planIndex the experiment's position in its plan
     * @param dataset the data set's name
     * @param variant what distinguishes the experiment, in words
     * @param setting the evaluation setting, in words
     * @param quick whether these are quick runs
     * @param noiseRate the training-label noise rate, when the experiment has one
     * @param runsDone the finished runs counted
     * @param runsPlanned the runs the plan asks for
     * @param runs the provenance of each counted run, for the report's "how it was made" notes
     * @param test the mean test scores, in the evaluation JSON's shape
     * @param testStd their sample standard deviations, in the same shape
     */
    public ExperimentResult {
        runs = List.copyOf(runs);
    }

    /**
     * Every summary {@code *.json} directly in the folder, sorted by file name; none when the folder is missing.
     *
     * @param resultsDir the folder of the summaries
     * @return one result per summary file
     */
    public static List<ExperimentResult> readAll(Path resultsDir) {
        if (!Files.isDirectory(resultsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(resultsDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                    .sorted()
                    .map(ExperimentResult::read)
                    .toList();
        } catch (IOException e) {
            throw new SpanrelException("cannot list " + resultsDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads one experiment summary; fails naming the file and the field when it is not one.
     *
     * @param file a summary written by {@link ExperimentSummary}
     * @return the result
     */
    public static ExperimentResult read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new SpanrelException(file + ": not a readable experiment summary: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SpanrelException(file + ": an experiment summary must hold one JSON object");
        }
        List<RunProvenance> runs = new ArrayList<>();
        for (JsonNode run : array(root, "runs", file)) {
            runs.add(new RunProvenance(run.path("seed").asLong(), run.path("fold").asInt(-1),
                    run.path("code_version").asText("unknown"), run.path("created").asText("")));
        }
        JsonNode noise = root.path("noise_rate");
        return new ExperimentResult(file, text(root, "name", file), text(root, "plan", file), root.path("plan_index").asInt(0),
                text(root, "dataset", file), root.path("variant").asText(""), root.path("setting").asText(""),
                root.path("quick").asBoolean(false), noise.isNumber() ? OptionalDouble.of(noise.asDouble()) : OptionalDouble.empty(),
                integer(root, "runs_done", file), integer(root, "runs_planned", file), runs,
                object(root, "test", file), object(root, "test_std", file));
    }

    /**
     * The F1 of a block ({@code entities}, {@code relations_strict}, {@code relations_boundaries}) under an averaging.
     *
     * @param block the evaluation block
     * @param averaging {@code micro} or {@code macro}
     * @return the mean and standard deviation over the counted runs
     */
    public MeanStd f1(String block, String averaging) {
        return score(block, averaging, "f1");
    }

    /**
     * A measure of a block under an averaging, over the counted runs; fails naming the file when it is missing.
     *
     * @param block the evaluation block ({@code entities}, {@code relations_strict}, {@code relations_boundaries})
     * @param averaging {@code micro} or {@code macro}
     * @param measure {@code precision}, {@code recall} or {@code f1}
     * @return the mean and standard deviation over the counted runs
     */
    public MeanStd score(String block, String averaging, String measure) {
        JsonNode mean = test.path(block).path(averaging).path(measure);
        JsonNode std = testStd.path(block).path(averaging).path(measure);
        if (!mean.isNumber() || !std.isNumber()) {
            throw new SpanrelException(file + ": test." + block + "." + averaging + "." + measure + ": missing or not a number");
        }
        return new MeanStd(mean.doubleValue(), std.doubleValue(), runsDone);
    }

    /**
     * The command that makes (or completes) this experiment's runs.
     *
     * @return the command line
     */
    public String command() {
        return "bin/spanrel experiment --plan " + plan + (quick ? " --quick" : "") + " --only " + name;
    }

    private static String text(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new SpanrelException(file + ": " + field + ": expected a string, got " + node);
        }
        return node.asText();
    }

    private static int integer(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || !node.isIntegralNumber()) {
            throw new SpanrelException(file + ": " + field + ": expected an integer, got " + node);
        }
        return node.asInt();
    }

    private static JsonNode object(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || !node.isObject()) {
            throw new SpanrelException(file + ": " + field + ": expected an object, got " + node);
        }
        return node;
    }

    private static JsonNode array(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || !node.isArray()) {
            throw new SpanrelException(file + ": " + field + ": expected a list, got " + node);
        }
        return node;
    }
}
