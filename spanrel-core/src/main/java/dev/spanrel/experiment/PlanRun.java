package dev.spanrel.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * One training of an experiment: a seed (and fold), its run directory and the overrides that make its config.
 *
 * @param overrides applied over the experiment's config file, in order: the experiment's {@code set}, the quick
 *     settings', the fold's train and test files, the seed
 * @param experiment the experiment the run belongs to
 * @param fold the fold, when the experiment has folds
 * @param seed the seed
 * @param runDir where the run writes its checkpoints, model and results
 */
public record PlanRun(PlanExperiment experiment, OptionalInt fold, long seed, Path runDir, List<String> overrides) {
    /**
     * Copies the overrides.
     *
     * @param experiment the experiment the run belongs to
     * @param fold the fold, when the experiment has folds
     * @param seed the seed
     * @param runDir where the run writes its checkpoints, model and results
     * @param overrides applied over the experiment's config file, in order: the experiment's {@code set}, the quick
     *     settings', the fold's train and test files, the seed
     */
    public PlanRun {
        overrides = List.copyOf(overrides);
    }

    /**
     * For example "ade-bert-base-cased fold 3 seed 1".
     *
     * @return the label
     */
    public String label() {
        return experiment.name() + (fold.isPresent() ? " fold " + fold.getAsInt() : "") + " seed " + seed;
    }
}
