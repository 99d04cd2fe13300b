/**
 * Training the span model: configuration, negative sampling, losses, the optimizer and its schedule, checkpoints
 * for resuming, progress lines and the provenance every run records.
 */
package dev.spanrel.train;
