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

    public ExperimentResult {
        runs = List.copyOf(runs);
    }

    /** Every summary {@code *.json} directly in the folder, sorted by file name; none when the folder is missing. */
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

    /** The F1 of a block ({@code entities}, {@code relations_strict}, {@code relations_boundaries}) under an averaging. */
    public MeanStd f1(String block, String averaging) {
        return score(block, averaging, "f1");
    }

    public MeanStd score(String block, String averaging, String measure) {
        JsonNode mean = test.path(block).path(averaging).path(measure);
        JsonNode std = testStd.path(block).path(averaging).path(measure);
        if (!mean.isNumber() || !std.isNumber()) {
            throw new SpanrelException(file + ": test." + block + "." + averaging + "." + measure + ": missing or not a number");
        }
        return new MeanStd(mean.doubleValue(), std.doubleValue(), runsDone);
    }

    public LiteratureSetting literatureSetting() {
        return LiteratureSetting.forDataset(dataset);
    }

    /** The command that makes (or completes) this experiment's runs. */
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
