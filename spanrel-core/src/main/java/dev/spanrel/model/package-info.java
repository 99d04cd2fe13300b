/**
 * The span model: {@link dev.spanrel.model.SpanRelModel} (encoder, span pooling, entity and relation heads), the
 * batches it takes, its decoding into {@link dev.spanrel.model.SentencePrediction}s and the model directory that
 * training writes ({@link dev.spanrel.model.SavedModel}).
 */
package dev.spanrel.model;
