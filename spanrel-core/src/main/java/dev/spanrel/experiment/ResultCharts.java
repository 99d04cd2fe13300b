package dev.spanrel.experiment;

import dev.spanrel.experiment.ChartSpec.BarChart;
import dev.spanrel.experiment.ChartSpec.Bars;
import dev.spanrel.experiment.ChartSpec.Kind;
import dev.spanrel.experiment.ChartSpec.Line;
import dev.spanrel.experiment.ChartSpec.LineChart;
import dev.spanrel.experiment.PublishedResults.PublishedNoise;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides the report's charts from the experiment summaries:
 * <ul>
 *   <li>per data set with label-noise experiments, entity F1 and relation F1 against the noise rate (as the
 *       paper's Figures 2 and 3), a measured curve per plan (the paper's losses, a noise-robust option) with the
 *       published curves dashed beside them;</li>
 *   <li>per data set with two or more clean experiments, a bar chart of their entity and relation F1 (the
 *       ablations, as the paper's Table 3 and its loss comparison).</li>
 * </ul>
 * A chart uses full runs when there are any and falls back to {@code --quick} runs, saying so in its title.
 */
public final class ResultCharts {
    private ResultCharts() {}

    /**
     * The charts the results call for, in report order.
     *
     * @param results every experiment summary read back
     * @return what each chart shows
     */
    public static List<ChartSpec> plan(List<ExperimentResult> results) {
        List<ChartSpec> charts = new ArrayList<>();
        for (String dataset : ResultsReport.datasets(results)) {
            List<ExperimentResult> ofDataset = results.stream().filter(r -> r.dataset().equals(dataset)).toList();
            List<ExperimentResult> noisy = preferFull(ofDataset.stream().filter(r -> r.noiseRate().isPresent()).toList());
            if (!noisy.isEmpty()) {
                charts.add(noiseChart(dataset, noisy, true));
                charts.add(noiseChart(dataset, noisy, false));
            }
            List<ExperimentResult> clean = preferFull(ofDataset.stream().filter(r -> r.noiseRate().isEmpty()).toList());
            if (clean.size() >= 2) {
                charts.add(variantChart(dataset, ResultsReport.inReportOrder(clean)));
            }
        }
        return charts;
    }

    /** Full runs when there are any, so quick smoke numbers never sit beside real ones in one chart. */
    static List<ExperimentResult> preferFull(List<ExperimentResult> results) {
        List<ExperimentResult> full = results.stream().filter(r -> !r.quick()).toList();
        return full.isEmpty() ? results : full;
    }

    private static LineChart noiseChart(String dataset, List<ExperimentResult> noisy, boolean entities) {
        LiteratureSetting setting = LiteratureSetting.forDataset(dataset);
        String block = entities ? "entities" : setting.relationBlock();
        // One measured curve per plan (the paper's losses in one, a noise-robust option in another), one point per
        // noise rate in each; of several experiments of a plan at one rate, the one with the most runs.
        Map<String, Map<Double, ExperimentResult>> byPlan = new LinkedHashMap<>();
        for (ExperimentResult r : noisy) {
            byPlan.computeIfAbsent(r.plan(), k -> new TreeMap<>())
                    .merge(r.noiseRate().getAsDouble(), r, (a, b) -> b.runsDone() > a.runsDone() ? b : a);
        }
        List<Line> lines = new ArrayList<>();
        byPlan.forEach((plan, byRate) -> {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> std = new ArrayList<>();
            byRate.forEach((rate, r) -> {
                MeanStd f1 = r.f1(block, setting.averaging());
                x.add(100 * rate);
                y.add(f1.mean());
                std.add(f1.std());
            });
            String which = byPlan.size() > 1 ? ", " + planStem(plan) : "";
            lines.add(new Line("measured here" + which + " (mean ± std over seeds)", false, x, y, std));
        });
        Map<String, List<PublishedNoise>> published = new LinkedHashMap<>();
        PublishedResults.noiseForDataset(dataset).forEach(p -> published.computeIfAbsent(p.system(), k -> new ArrayList<>()).add(p));
        published.forEach((system, points) -> {
            List<PublishedNoise> sorted = points.stream().sorted(Comparator.comparingDouble(PublishedNoise::noiseRate)).toList();
            lines.add(new Line(system + ", published", true,
                    sorted.stream().map(p -> 100 * p.noiseRate()).toList(),
                    sorted.stream().map(p -> entities ? p.entityF1() : p.relationF1()).toList(),
                    sorted.stream().map(p -> 0.0).toList()));
        });
        String what = entities ? "Entity" : "Relation (" + setting.relationSettingName() + ")";
        String title = what + " F1 against training-label noise, " + LiteratureSetting.displayName(dataset) + ", "
                + setting.averaging() + quickNote(noisy);
        String file = "noise-" + dataset + "-" + (entities ? "entities" : "relations") + ".png";
        return new LineChart(dataset, Kind.NOISE, file, title, "noise rate (% of training labels)", "F1 (%)", lines);
    }

    private static BarChart variantChart(String dataset, List<ExperimentResult> clean) {
        LiteratureSetting setting = LiteratureSetting.forDataset(dataset);
        List<String> categories = clean.stream().map(r -> shortName(r.name(), dataset)).toList();
        Bars entities = bars("entity F1", clean, "entities", setting.averaging());
        Bars relations = bars("relation " + setting.relationSettingName() + " F1", clean, setting.relationBlock(), setting.averaging());
        String title = LiteratureSetting.displayName(dataset) + ": variants (" + setting.averaging() + ", mean ± std)"
                + quickNote(clean);
        return new BarChart(dataset, Kind.VARIANTS, "variants-" + dataset + ".png", title, "F1 (%)", categories,
                List.of(entities, relations));
    }

    private static Bars bars(String name, List<ExperimentResult> results, String block, String averaging) {
        return new Bars(name, results.stream().map(r -> r.f1(block, averaging).mean()).toList(),
                results.stream().map(r -> r.f1(block, averaging).std()).toList());
    }

    /** "experiments/table2-noise.json" reads as "table2-noise" in a legend. */
    static String planStem(String plan) {
        String file = plan.substring(plan.lastIndexOf('/') + 1);
        return file.endsWith(".json") ? file.substring(0, file.length() - ".json".length()) : file;
    }

    /** "conll04-temperature-1.5" reads as "temperature-1.5" on a chart that is about CoNLL04 already. */
    static String shortName(String name, String dataset) {
        return name.startsWith(dataset + "-") && name.length() > dataset.length() + 1 ? name.substring(dataset.length() + 1) : name;
    }

    private static String quickNote(List<ExperimentResult> results) {
        return results.stream().anyMatch(ExperimentResult::quick) ? " (quick runs)" : "";
    }
}
