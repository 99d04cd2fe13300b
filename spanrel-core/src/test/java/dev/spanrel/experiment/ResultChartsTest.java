package dev.spanrel.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.experiment.ChartSpec.Line;
import dev.spanrel.experiment.ChartSpec.LineChart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The noise charts: one measured curve per plan, its points in the order of the noise rates with the mean and the
 * spread over seeds, and the published curves beside them.
 */
class ResultChartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ExperimentResult noisy(String plan, String name, double rate, int runs, double entities, double relations,
            double std) {
        ObjectNode test = JSON.createObjectNode();
        ObjectNode spread = JSON.createObjectNode();
        for (String block : new String[] {"entities", "relations_strict", "relations_boundaries"}) {
            double f1 = block.equals("entities") ? entities : relations;
            test.putObject(block).putObject("micro").put("f1", f1);
            spread.putObject(block).putObject("micro").put("f1", std);
        }
        return new ExperimentResult(Path.of("results", name + ".json"), name, plan, 0, "scierc", "", "micro, boundaries",
                false, OptionalDouble.of(rate), runs, 3, List.of(), test, spread);
    }

    private static List<LineChart> noiseCharts(List<ExperimentResult> results) {
        List<LineChart> charts = new ArrayList<>();
        for (ChartSpec chart : ResultCharts.plan(results)) {
            if (chart instanceof LineChart line && chart.kind() == ChartSpec.Kind.NOISE) {
                charts.add(line);
            }
        }
        return charts;
    }

    @Test
    void drawsOneMeasuredCurvePerPlanBesideThePublishedOnes() {
        List<ExperimentResult> results = List.of(
                noisy("experiments/table2-noise.json", "scierc-noise-40", 0.4, 1, 49.86, 33.74, 0),
                noisy("experiments/table2-noise.json", "scierc-noise-0", 0.0, 2, 67.24, 45.65, 1.91),
                noisy("experiments/noise-robust.json", "scierc-small-loss-noise-0", 0.0, 3, 67.0, 45.0, 0.5),
                noisy("experiments/noise-robust.json", "scierc-small-loss-noise-40", 0.4, 3, 60.0, 36.0, 1.0));
        List<LineChart> charts = noiseCharts(results);
        assertThat(charts).extracting(LineChart::fileName).containsExactly("noise-scierc-entities.png", "noise-scierc-relations.png");

        List<Line> entities = charts.get(0).lines();
        assertThat(entities).extracting(Line::name).containsExactly(
                "measured here, table2-noise (mean ± std over seeds)",
                "measured here, noise-robust (mean ± std over seeds)",
                "SPAN_SpanBERT (the paper), published",
                "SpERT (as run by the paper), published");
        assertThat(entities.get(0).x()).containsExactly(0.0, 40.0);
        assertThat(entities.get(0).y()).containsExactly(67.24, 49.86);
        assertThat(entities.get(0).std()).containsExactly(1.91, 0.0);
        assertThat(entities.get(1).y()).containsExactly(67.0, 60.0);
        assertThat(entities.get(2).y()).containsExactly(68.74, 65.82, 56.43);

        List<Line> relations = charts.get(1).lines();
        assertThat(relations.get(1).y()).containsExactly(45.0, 36.0);
        assertThat(relations.get(1).std()).containsExactly(0.5, 1.0);
        assertThat(relations.get(3).y()).containsExactly(46.44, 38.37, 21.65);
    }

    @Test
    void aSinglePlanKeepsTheShortLegendAndTheRunWithMoreSeedsAtARate() {
        List<ExperimentResult> results = List.of(
                noisy("experiments/table2-noise.json", "scierc-noise-20", 0.2, 1, 61.0, 40.0, 0),
                noisy("experiments/table2-noise.json", "scierc-noise-20-again", 0.2, 3, 62.0, 41.0, 0.7));
        Line measured = noiseCharts(results).get(0).lines().get(0);
        assertThat(measured.name()).isEqualTo("measured here (mean ± std over seeds)");
        assertThat(measured.x()).containsExactly(20.0);
        assertThat(measured.y()).containsExactly(62.0);
        assertThat(ResultCharts.planStem("experiments/table2-noise.json")).isEqualTo("table2-noise");
    }
}
