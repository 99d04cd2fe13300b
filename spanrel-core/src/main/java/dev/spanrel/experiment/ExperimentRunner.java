package dev.spanrel.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.train.Checkpoint;
import dev.spanrel.train.TrainConfig;
import dev.spanrel.train.TrainingResult;
import dev.spanrel.train.TrainingRun;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Carries out a {@link Plan}: trains its runs one after the other (two cores do not gain from running two at once),
 * skips runs that have a {@code results.json}, resumes runs that stopped midway from their last epoch checkpoint,
 * and rewrites the experiment's summary after every finished run, so an interrupted plan leaves usable results
 * and picks up where it stopped when started again. A rescoring experiment ({@link PlanExperiment#rescores()})
 * trains nothing: it scores the named experiment's finished models again under its own config.
 */
public final class ExperimentRunner {
    private final Plan plan;
    private final boolean quick;
    private final ExperimentDirectories dirs;
    private final DataDirectory data;
    private final PrintStream log;
    private final boolean terminal;
    private List<Long> onlySeeds = List.of();
    private List<Integer> onlyFolds = List.of();

    /** A run's state as the dry run shows it; {@code detail} explains a partial run or a problem, else "". */
    public record RunStatus(PlanRun run, RunState state, String detail) {}

    /**
     * A runner of the plan's experiments.
     *
     * @param plan the plan
     * @param quick whether to run the plan's quick settings (fails when it has none)
     * @param dirs where run directories and summaries go
     * @param data where the configs' data paths resolve
     * @param log where progress and summaries are reported
     * @param terminal whether {@code log} is a terminal (progress redraws one line)
     */
    public ExperimentRunner(Plan plan, boolean quick, ExperimentDirectories dirs, DataDirectory data, PrintStream log,
            boolean terminal) {
        this.plan = plan;
        this.quick = quick;
        this.dirs = dirs;
        this.data = data;
        this.log = log;
        this.terminal = terminal;
        if (quick) {
            plan.quickOrFail();
        }
    }

    /**
     * Runs and lists only these seeds of the selected experiments (all when empty); summaries still count every
     * finished run. A seed that no selected experiment has is refused when the runs are listed or trained.
     *
     * @param seeds the seeds to keep
     * @return this runner
     */
    public ExperimentRunner selectSeeds(List<Long> seeds) {
        this.onlySeeds = List.copyOf(seeds);
        return this;
    }

    /**
     * Runs and lists only these folds of the selected experiments (all when empty), so a cross-validated experiment
     * can be run as far as the time allows, fold by fold; summaries still count every finished run. A fold that no
     * selected experiment has is refused when the runs are listed or trained.
     *
     * @param folds the folds to keep
     * @return this runner
     */
    public ExperimentRunner selectFolds(List<Integer> folds) {
        this.onlyFolds = List.copyOf(folds);
        return this;
    }

    /**
     * The experiments named in {@code only}, in plan order; all of them when {@code only} is empty.
     *
     * @param only experiment names; empty for all
     * @return the experiments
     */
    public List<PlanExperiment> select(List<String> only) {
        only.forEach(plan::experiment); // fails on a name the plan does not have
        return plan.experiments().stream().filter(e -> only.isEmpty() || only.contains(e.name())).toList();
    }

    /**
     * The experiment's runs, folds outer and seeds inner, with the quick settings applied when asked for.
     *
     * @param experiment one of the plan's experiments
     * @return its runs
     */
    public List<PlanRun> runs(PlanExperiment experiment) {
        Optional<QuickSettings> shrink = quick ? plan.quick() : Optional.empty();
        List<Long> seeds = shrink.map(QuickSettings::seeds).filter(s -> !s.isEmpty()).orElse(experiment.seeds());
        Path experimentDir = dirs.runs().resolve(resultName(experiment));
        List<PlanRun> runs = new ArrayList<>();
        for (OptionalInt fold : folds(experiment, shrink)) {
            for (long seed : seeds) {
                List<String> overrides = new ArrayList<>(experiment.set());
                shrink.ifPresent(q -> overrides.addAll(q.set()));
                Path runDir = experimentDir;
                if (fold.isPresent()) {
                    Folds folds = experiment.folds().orElseThrow();
                    overrides.add("train=" + folds.trainFile(fold.getAsInt()));
                    overrides.add("test=" + folds.testFile(fold.getAsInt()));
                    runDir = runDir.resolve("fold-" + fold.getAsInt());
                }
                overrides.add("seed=" + seed);
                runs.add(new PlanRun(experiment, fold, seed, runDir.resolve("seed-" + seed), overrides));
            }
        }
        return runs;
    }

    private List<OptionalInt> folds(PlanExperiment experiment, Optional<QuickSettings> shrink) {
        if (experiment.folds().isEmpty()) {
            return List.of(OptionalInt.empty());
        }
        int count = experiment.folds().get().count();
        List<Integer> chosen = shrink.map(QuickSettings::folds).filter(f -> !f.isEmpty()).orElse(List.of());
        List<OptionalInt> folds = new ArrayList<>();
        if (chosen.isEmpty()) {
            for (int f = 0; f < count; f++) {
                folds.add(OptionalInt.of(f));
            }
            return folds;
        }
        for (int f : chosen) {
            if (f >= count) {
                throw new SpanrelException(plan.file() + ": quick.folds: fold " + f + " is outside experiment '"
                        + experiment.name() + "', which has " + count + " folds (0 to " + (count - 1) + ")");
            }
            folds.add(OptionalInt.of(f));
        }
        return folds;
    }

    /**
     * The run's training config: the experiment's config file with the run's overrides.
     *
     * @param run one of the plan's runs
     * @return the config it trains with
     */
    public TrainConfig config(PlanRun run) {
        Path file = dirs.root().resolve(run.experiment().config());
        if (!Files.isRegularFile(file)) {
            throw new SpanrelException(plan.file() + ": experiment '" + run.experiment().name() + "': config: "
                    + run.experiment().config() + " does not exist (looked at " + file + ")");
        }
        try {
            return TrainConfig.read(file, run.overrides());
        } catch (SpanrelException e) {
            throw new SpanrelException(plan.file() + ": experiment '" + run.experiment().name() + "': " + e.getMessage(), e);
        }
    }

    /**
     * {@code <name>} or {@code <name>-quick}: the run folder and summary file name.
     *
     * @param experiment one of the plan's experiments
     * @return the name
     */
    public String resultName(PlanExperiment experiment) {
        return experiment.name() + (quick ? QuickSettings.SUFFIX : "");
    }

    /**
     * The experiment's summary file, {@code <results>/<name>[-quick].json}.
     *
     * @param experiment one of the plan's experiments
     * @return the path
     */
    public Path summaryFile(PlanExperiment experiment) {
        return dirs.results().resolve(resultName(experiment) + ".json");
    }

    /** The experiment's runs of the selected seeds and folds. */
    private List<PlanRun> selectedRuns(PlanExperiment experiment) {
        return runs(experiment).stream()
                .filter(r -> onlySeeds.isEmpty() || onlySeeds.contains(r.seed()))
                .filter(r -> onlyFolds.isEmpty() || (r.fold().isPresent() && onlyFolds.contains(r.fold().getAsInt())))
                .toList();
    }

    private void checkSelection(List<PlanExperiment> experiments) {
        List<PlanRun> all = experiments.stream().flatMap(e -> runs(e).stream()).toList();
        for (long seed : onlySeeds) {
            if (all.stream().noneMatch(r -> r.seed() == seed)) {
                throw notInSelection("seed " + seed + " is not a seed of", experiments);
            }
        }
        for (int fold : onlyFolds) {
            if (all.stream().noneMatch(r -> r.fold().isPresent() && r.fold().getAsInt() == fold)) {
                throw notInSelection("fold " + fold + " is not a fold of", experiments);
            }
        }
    }

    private SpanrelException notInSelection(String what, List<PlanExperiment> experiments) {
        return new SpanrelException(plan.file() + ": " + what + " "
                + experiments.stream().map(PlanExperiment::name).toList() + (quick ? " with the quick settings" : ""));
    }

    /**
     * Every selected run's state, without training anything.
     *
     * @param only experiment names; empty for all
     * @return each run with its state and, for a partial run or a problem, what it is
     */
    public List<RunStatus> status(List<String> only) {
        List<RunStatus> statuses = new ArrayList<>();
        List<PlanExperiment> experiments = select(only);
        checkSelection(experiments);
        for (PlanExperiment experiment : experiments) {
            for (PlanRun run : selectedRuns(experiment)) {
                statuses.add(status(run));
            }
        }
        return statuses;
    }

    private RunStatus status(PlanRun run) {
        RunState state = RunState.of(run.runDir());
        TrainConfig config;
        try {
            config = config(run);
        } catch (SpanrelException e) {
            return new RunStatus(run, state, "cannot make its config: " + e.getMessage());
        }
        String detail = switch (state) {
            case DONE -> ExperimentSummary.scoredRun(run.runDir()).flatMap(r -> r.configDifference(config))
                    .map(d -> "made with another config (" + d + "); not counted: move " + run.runDir() + " away to redo it")
                    .orElse("");
            case PARTIAL -> String.format(Locale.ROOT, "%d of %d epochs done",
                    Checkpoint.read(run.runDir()).orElseThrow().epochsDone(), config.optimization().epochs());
            case TODO -> run.experiment().isRescoring() ? rescoringDetail(run) : "";
        };
        return new RunStatus(run, state, detail);
    }

    /** The run of the experiment that {@code run}'s experiment rescores, with the same fold and seed. */
    private PlanRun trainedRun(PlanRun run) {
        PlanExperiment source = plan.experiment(run.experiment().rescores().orElseThrow());
        return runs(source).stream().filter(r -> r.seed() == run.seed() && r.fold().equals(run.fold())).findFirst()
                .orElseThrow(() -> new SpanrelException(plan.file() + ": experiment '" + run.experiment().name()
                        + "': '" + source.name() + "' has no run " + run.label() + " to rescore"));
    }

    private String rescoringDetail(PlanRun run) {
        PlanRun trained = trainedRun(run);
        if (RunState.of(trained.runDir()) != RunState.DONE) {
            return "rescores " + trained.label() + ", which has not finished";
        }
        return ExperimentSummary.scoredRun(trained.runDir()).flatMap(r -> Rescoring.trainingDifference(r, config(run)))
                .map(d -> "cannot rescore " + trained.label() + ": trained with another config (" + d + ")")
                .orElse("rescores " + trained.label());
    }

    /**
     * Prints every selected run with its state (done / partial / todo), trains nothing and writes nothing.
     *
     * @param only experiment names; empty for all
     */
    public void dryRun(List<String> only) {
        select(only);
        printHeader();
        List<RunStatus> statuses = status(only);
        int[] counts = new int[RunState.values().length];
        for (int i = 0; i < statuses.size(); i++) {
            RunStatus s = statuses.get(i);
            counts[s.state().ordinal()]++;
            log.printf(Locale.ROOT, "run %d/%d: %-40s %-8s %s%s%n", i + 1, statuses.size(), s.run().label(),
                    s.state().label(), s.run().runDir(), s.detail().isEmpty() ? "" : "  (" + s.detail() + ")");
        }
        log.printf(Locale.ROOT, "%d runs: %d done, %d partial, %d todo%n", statuses.size(),
                counts[RunState.DONE.ordinal()], counts[RunState.PARTIAL.ordinal()], counts[RunState.TODO.ordinal()]);
    }

    /**
     * Rewrites the selected experiments' summaries from their finished runs; trains nothing.
     *
     * @param only experiment names; empty for all
     */
    public void summarize(List<String> only) {
        for (PlanExperiment experiment : select(only)) {
            writeSummary(experiment).ifPresentOrElse(file -> log.println("summary: " + file),
                    () -> log.println(experiment.name() + ": no finished run yet"));
        }
    }

    /**
     * Trains every selected run that has not finished, one after the other, and keeps the summaries current.
     *
     * @param only experiment names; empty for all
     */
    public void run(List<String> only) {
        // Training first, so a rescoring experiment finds the models it scores whatever the plan's order.
        List<PlanExperiment> experiments = new ArrayList<>(select(only));
        experiments.sort(Comparator.comparing(PlanExperiment::isRescoring));
        checkSelection(experiments);
        printHeader();
        int total = experiments.stream().mapToInt(e -> selectedRuns(e).size()).sum();
        int index = 0;
        for (PlanExperiment experiment : experiments) {
            for (PlanRun run : selectedRuns(experiment)) {
                index++;
                String head = String.format(Locale.ROOT, "run %d/%d: %s", index, total, run.label());
                RunStatus status = status(run);
                if (status.state() == RunState.DONE) {
                    log.println(head + ": done" + (status.detail().isEmpty() ? "" : ", but " + status.detail()));
                    continue;
                }
                if (run.experiment().isRescoring()) {
                    PlanRun trained = trainedRun(run);
                    if (RunState.of(trained.runDir()) != RunState.DONE) {
                        log.println(head + ": waits for " + trained.label() + " to finish training");
                        continue;
                    }
                    log.println(head + ": " + status.detail() + " into " + run.runDir());
                    rescore(run, trained, head);
                    writeSummary(experiment);
                    continue;
                }
                log.println(head + (status.state() == RunState.PARTIAL ? " (resuming: " + status.detail() + ")" : "")
                        + " in " + run.runDir());
                train(run, head);
                writeSummary(experiment);
            }
            writeSummary(experiment).ifPresent(file -> log.println("summary: " + file));
        }
    }

    private void train(PlanRun run, String head) {
        TrainConfig config = config(run);
        try {
            new TrainingRun(config, data, log, terminal).train(run.runDir(), true);
        } catch (SpanrelException e) {
            throw new SpanrelException(head + " (" + run.runDir() + "): " + e.getMessage(), e);
        }
    }

    private void rescore(PlanRun run, PlanRun trained, String head) {
        try {
            Rescoring.score(trained.runDir(), config(run), data, run.runDir());
        } catch (SpanrelException e) {
            throw new SpanrelException(head + " (" + run.runDir() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Rewrites the experiment's summary from every finished run in its run directories, whoever made them, and
     * returns its path; writes nothing while no run has finished. Runs made with another config are left out. A run
     * the summary already records but whose directory is not on this machine (run directories stay on the machine
     * that trained them; the summary is what the repository keeps) stays in it as recorded, as long as the summary
     * was made with the experiment's current config: a new machine adds its runs to the summary, never erases it.
     *
     * @param experiment one of the plan's experiments
     * @return the summary file, or empty when no run has finished
     */
    public Optional<Path> writeSummary(PlanExperiment experiment) {
        List<PlanRun> planned = runs(experiment);
        Path file = summaryFile(experiment);
        TrainConfig firstConfig = config(planned.get(0));
        Map<String, TrainingResult> recorded = ExperimentSummary.recordedRuns(file, firstConfig);
        List<ExperimentSummary.CountedRun> counted = new ArrayList<>();
        for (PlanRun run : planned) {
            Optional<TrainingResult> result = ExperimentSummary.scoredRun(run.runDir());
            if (result.isPresent()) {
                if (result.get().configDifference(config(run)).isEmpty()) {
                    counted.add(new ExperimentSummary.CountedRun(run, result.get(), run.runDir().resolve(TrainingResult.FILE)));
                }
            } else if (recorded.containsKey(ExperimentSummary.runKey(run.seed(), run.fold()))) {
                counted.add(new ExperimentSummary.CountedRun(run, recorded.get(ExperimentSummary.runKey(run.seed(), run.fold())), file));
            }
        }
        if (counted.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode summary = ExperimentSummary.build(plan, experiment, quick, firstConfig, planned.size(),
                counted, dirs.root());
        AtomicFiles.writeString(file, summary.toPrettyString() + "\n");
        return Optional.of(file);
    }

    private void printHeader() {
        log.println("plan " + plan.name() + " (" + plan.file() + ")" + (quick ? ", quick" : ""));
        String cost = quick ? plan.quickOrFail().cost() : plan.cost();
        if (!cost.isEmpty()) {
            log.println("cost: " + cost);
        }
    }
}
