package dev.spanrel.experiment;

import dev.spanrel.SpanrelException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A set of experiments to reproduce, read from a JSON plan file (format: {@link PlanReader}). Each experiment is
 * a config plus overrides, trained once per seed (and fold); {@link ExperimentRunner} carries it out.
 *
 * @param file where the plan was read from, for error messages and for the summaries' {@code plan} field
 * @param cost what the full plan costs to run, in words (an estimate on the machine it was measured on)
 * @param quick overrides for a smoke-sized run of the whole plan ({@code --quick}), when the plan has them
 * @param name the plan's name
 * @param description what the plan reproduces, in words
 * @param experiments the experiments, in plan order
 */
public record Plan(
        Path file,
        String name,
        String description,
        String cost,
        Optional<QuickSettings> quick,
        List<PlanExperiment> experiments) {

    /**
     * Copies the experiments.
     *
     * @param file where the plan was read from, for error messages and for the summaries' {@code plan} field
     * @param name the plan's name
     * @param description what the plan reproduces, in words
     * @param cost what the full plan costs to run, in words (an estimate on the machine it was measured on)
     * @param quick overrides for a smoke-sized run of the whole plan ({@code --quick}), when the plan has them
     * @param experiments the experiments, in plan order
     */
    public Plan {
        experiments = List.copyOf(experiments);
    }

    /**
     * Reads and checks a plan file; every mistake is reported with the file and the field.
     *
     * @param file the plan's JSON file
     * @return the plan
     */
    public static Plan read(Path file) {
        return PlanReader.read(file);
    }

    /**
     * The experiment of this name; fails listing the plan's names when there is none.
     *
     * @param experimentName an experiment's name
     * @return the experiment
     */
    public PlanExperiment experiment(String experimentName) {
        return experiments.stream()
                .filter(e -> e.name().equals(experimentName))
                .findFirst()
                .orElseThrow(() -> new SpanrelException(file + ": no experiment named '" + experimentName
                        + "'; the plan has: " + experimentNames()));
    }

    /**
     * Where an experiment sits in the plan, so reports can list rows in the plan's order.
     *
     * @param experiment one of the plan's experiments
     * @return its position, from 0
     */
    public int indexOf(PlanExperiment experiment) {
        return experiments.indexOf(experiment);
    }

    /**
     * The quick settings; fails when the plan has none, since {@code --quick} then cannot be used.
     *
     * @return the quick settings
     */
    public QuickSettings quickOrFail() {
        return quick.orElseThrow(() -> new SpanrelException(file + ": quick: the plan has no quick settings, so --quick cannot be used"));
    }

    private String experimentNames() {
        return experiments.stream().map(PlanExperiment::name).collect(Collectors.joining(", "));
    }
}
