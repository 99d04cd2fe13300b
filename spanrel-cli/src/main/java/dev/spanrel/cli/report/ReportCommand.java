package dev.spanrel.cli.report;

import dev.spanrel.experiment.ChartSpec;
import dev.spanrel.experiment.ExperimentResult;
import dev.spanrel.experiment.MarkedSection;
import dev.spanrel.experiment.ResultCharts;
import dev.spanrel.experiment.ResultsReport;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the results tables and charts from the experiment summaries (results/*.json). Only the part"
                + " of the Markdown file between <!-- report:begin --> and <!-- report:end --> is replaced.")
public final class ReportCommand implements Runnable {
    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
            description = "Folder of experiment summaries (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "docs/RESULTS.md",
            description = "Markdown file to update (default: ${DEFAULT-VALUE}); created with the markers when missing.")
    Path out;

    @Option(names = "--charts", paramLabel = "DIR", defaultValue = "docs/charts",
            description = "Folder for the PNG charts (default: ${DEFAULT-VALUE}).")
    Path charts;

    @Override
    public void run() {
        List<ExperimentResult> summaries = ExperimentResult.readAll(results);
        List<ChartSpec> chartSpecs = ResultCharts.plan(summaries);
        for (ChartSpec spec : chartSpecs) {
            ChartRenderer.write(spec, charts.resolve(spec.fileName()));
        }
        MarkedSection.write(out, ResultsReport.render(summaries, chartSpecs, chartPrefix()));
        System.out.printf("%s: %d experiment summaries, %d charts in %s%n", out, summaries.size(), chartSpecs.size(), charts);
    }

    /** The charts folder as a link from the Markdown file's folder. */
    private String chartPrefix() {
        Path from = out.toAbsolutePath().normalize().getParent();
        String relative = from.relativize(charts.toAbsolutePath().normalize()).toString().replace('\\', '/');
        return relative.isEmpty() ? "" : relative + "/";
    }
}
