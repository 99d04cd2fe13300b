package dev.spanrel.experiment;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One row of a results table: a training config with overrides, run once per seed (and per fold when the data set
 * is evaluated by cross-validation).
 *
 * @param name unique in the plan; names the run directories and the summary file
 * @param dataset the data set's short name ({@code conll04}, {@code scierc}, {@code ade}); groups report tables
 * @param variant what differs in this experiment, in words, for the report
 * @param config the training config file, relative to the repository root
 * @param set {@code key=value} overrides applied over the config, passed through unchanged
 * @param noiseRate the fraction of training labels made noisy, for the noise charts (the noise itself comes from
 *     {@code set})
 * @param setting the evaluation setting the literature reports for this data set, in words
 * @param rescores the experiment whose trained models this one scores again instead of training its own (same seeds
 *     and folds); its config may differ from that experiment's only in what acts after training
 *     ({@link dev.spanrel.train.TrainConfig#AFTER_TRAINING_KEYS}), such as a relation threshold chosen on dev
 * @param seeds the seeds, one training each
 * @param folds the cross-validation folds, when the data set has them
 */
public record PlanExperiment(
        String name,
        String dataset,
        String variant,
        String config,
        List<String> set,
        List<Long> seeds,
        Optional<Folds> folds,
        OptionalDouble noiseRate,
        String setting,
        Optional<String> rescores) {

    /**
     * Copies the overrides and seeds.
     *
     * @param name unique in the plan; names the run directories and the summary file
     * @param dataset the data set's short name ({@code conll04}, {@code scierc}, {@code ade}); groups report tables
     * @param variant what differs in this experiment, in words, for the report
     * @param config the training config file, relative to the repository root
     * @param set {@code key=value} overrides applied over the config, passed through unchanged
     * @param seeds the seeds, one training each
     * @param folds the cross-validation folds, when the data set has them
     * @param noiseRate the fraction of training labels made noisy, for the noise charts (the noise itself comes from
     *     {@code set})
     * @param setting the evaluation setting the literature reports for this data set, in words
     * @param rescores the experiment whose trained models this one scores again instead of training its own (same seeds
     *     and folds); its config may differ from that experiment's only in what acts after training
     *     ({@link dev.spanrel.train.TrainConfig#AFTER_TRAINING_KEYS}), such as a relation threshold chosen on dev
     */
    public PlanExperiment {
        set = List.copyOf(set);
        seeds = List.copyOf(seeds);
    }

    /**
     * Whether this experiment scores another experiment's models instead of training.
     *
     * @return true when {@link #rescores()} names one
     */
    public boolean isRescoring() {
        return rescores.isPresent();
    }
}
