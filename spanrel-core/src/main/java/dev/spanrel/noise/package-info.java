/**
 * Training-label noise for the robustness experiments: transition matrices (symmetric or pair-flip) and
 * {@link dev.spanrel.noise.LabelNoise}, which flips gold types of training documents with a seed and reports the
 * realized rates.
 */
package dev.spanrel.noise;
