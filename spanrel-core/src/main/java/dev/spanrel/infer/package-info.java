/**
 * Extraction for users: {@link dev.spanrel.infer.Extractor} runs a {@link dev.spanrel.infer.SentenceTagger} over
 * segmented text and returns records with character offsets. Models are found through
 * {@link java.util.ServiceLoader}: each {@link dev.spanrel.infer.SentenceTaggerFactory} on the class path says
 * which directories it opens, so callers never depend on a model's internals. The SPI owns its result type,
 * {@link dev.spanrel.infer.SentencePrediction}. Decoding a span model's scores into those results is here too
 * (candidates, forward, decode; {@link dev.spanrel.infer.BatchPredictor} batches documents for it), below
 * {@code train}, which scores dev and test with it.
 */
package dev.spanrel.infer;
