package dev.spanrel.cli;

import dev.spanrel.experiment.ExperimentDirectories;
import dev.spanrel.experiment.ExperimentRunner;
import dev.spanrel.experiment.Plan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run the experiments of a plan (experiments/*.json), one training per seed and fold, one after the"
                + " other. Finished runs (results.json present) are skipped, interrupted ones resume from their last epoch;"
                + " after every run the experiment's summary <results>/<name>[-quick].json is rewritten."
                + " An experiment with \"rescores\" trains nothing: it scores another experiment's finished models again"
                + " (a relation threshold chosen on dev, say), after all training."
                + " Then `spanrel report` makes docs/RESULTS.md.")
final class ExperimentCommand implements Runnable {
    @Option(names = "--plan", required = true, paramLabel = "FILE", description = "Plan file, e.g. experiments/table1.json.")
    Path plan;

    @Option(names = "--quick", description = "Apply the plan's quick settings (few epochs, documents, seeds) and write under <name>-quick.")
    boolean quick;

    @Option(names = "--only", paramLabel = "NAME", description = "Run only this experiment of the plan (repeatable).")
    List<String> only = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "Run only this seed of the selected experiments (repeatable); summaries still count every finished run.")
    List<Long> seeds = new ArrayList<>();

    @Option(names = "--fold", paramLabel = "F", description = "Run only this fold (0-based) of cross-validated experiments (repeatable); summaries still count every finished run.")
    List<Integer> folds = new ArrayList<>();

    @Option(names = "--runs", paramLabel = "DIR", defaultValue = "runs", description = "Run directories go here (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results", description = "Summaries go here (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--dry-run", description = "List the runs and their state (done / partial / todo); train nothing.")
    boolean dryRun;

    @Option(names = "--summarize", description = "Rewrite the summaries from the runs already finished; train nothing.")
    boolean summarize;

    @Mixin DataDirOption dataDir;

    @Override
    public void run() {
        Plan parsed = Plan.read(plan);
        ExperimentDirectories dirs = ExperimentDirectories.workingDirectory(runs, results);
        ExperimentRunner runner = new ExperimentRunner(parsed, quick, dirs, dataDir.directory(), System.out,
                System.console() != null).selectSeeds(seeds).selectFolds(folds);
        if (dryRun) {
            runner.dryRun(only);
        } else if (summarize) {
            runner.summarize(only);
        } else {
            runner.run(only);
        }
    }
}
