package dev.spanrel.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.SpanrelException;
import java.nio.file.Path;
import java.util.List;

/**
 * Mean and sample standard deviation over runs of the evaluation JSON's micro and macro precision, recall and F1
 * (per-type scores are left out: types vary in support across folds, so their means say little).
 */
final class ScoreStatistics {
    /** The evaluation blocks that are aggregated. */
    public static final List<String> BLOCKS = List.of("entities", "relations_strict", "relations_boundaries");
    /** The averagings that are aggregated. */
    public static final List<String> AVERAGINGS = List.of("micro", "macro");
    /** The measures that are aggregated. */
    public static final List<String> MEASURES = List.of("precision", "recall", "f1");

    private ScoreStatistics() {}

    /**
     * The mean over runs, in the evaluation JSON's shape.
     *
     * @param runs the finished runs
     * @return the means by block, averaging and measure
     */
    public static ObjectNode mean(List<ExperimentSummary.CountedRun> runs) {
        return aggregate(runs, false);
    }

    /**
     * The sample standard deviation (n - 1) over runs, in the evaluation JSON's shape; 0 for a single run.
     *
     * @param runs the finished runs
     * @return the standard deviations by block, averaging and measure
     */
    public static ObjectNode sampleStd(List<ExperimentSummary.CountedRun> runs) {
        return aggregate(runs, true);
    }

    /**
     * The arithmetic mean.
     *
     * @param values at least one value
     * @return their mean
     */
    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /**
     * The sample standard deviation (n - 1).
     *
     * @param values the values
     * @return their standard deviation, 0 for fewer than two
     */
    public static double sampleStd(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    private static ObjectNode aggregate(List<ExperimentSummary.CountedRun> runs, boolean std) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to aggregate");
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (String block : BLOCKS) {
            for (String averaging : AVERAGINGS) {
                ObjectNode prf = root.withObjectProperty(block).putObject(averaging);
                for (String measure : MEASURES) {
                    double[] values = new double[runs.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = value(runs.get(i).result().test(), runs.get(i).source(), block, averaging, measure);
                    }
                    prf.put(measure, std ? sampleStd(values) : mean(values));
                }
            }
        }
        return root;
    }

    private static double value(JsonNode test, Path file, String block, String averaging, String measure) {
        JsonNode node = test.path(block).path(averaging).path(measure);
        if (!node.isNumber()) {
            throw new SpanrelException(file + ": test." + block + "." + averaging + "." + measure + ": expected a number, got "
                    + (node.isMissingNode() ? "nothing" : node.toString()));
        }
        return node.doubleValue();
    }
}
