/**
 * Reproducing the paper: plans of trainings ({@link dev.spanrel.experiment.Plan}), the runner that trains them in
 * turn and keeps per-experiment summaries ({@link dev.spanrel.experiment.ExperimentRunner}), and the results report
 * with its charts.
 */
package dev.spanrel.experiment;
