/**
 * Training the span model: configuration, the run ({@link dev.spanrel.train.TrainingRun}: data, noise, encoder, run
 * directory, results) around the loop and its {@link dev.spanrel.train.TrainingListener}s, negative sampling,
 * losses, the optimizer and its schedule, checkpoints for resuming, progress lines and the provenance every run
 * records.
 */
package dev.spanrel.train;
