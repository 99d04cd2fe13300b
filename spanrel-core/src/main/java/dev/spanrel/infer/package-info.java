/**
 * Extraction for users: {@link dev.spanrel.infer.Extractor} runs a {@link dev.spanrel.infer.SentenceTagger} over
 * segmented text and returns records with character offsets. Models are found through
 * {@link java.util.ServiceLoader}: each {@link dev.spanrel.infer.SentenceTaggerFactory} on the class path says
 * which directories it opens, so callers never depend on a model's internals.
 */
package dev.spanrel.infer;
