/**
 * The span model: {@link dev.spanrel.model.SpanRelModel} (encoder, span pooling, entity and relation heads), the
 * batches it takes ({@link dev.spanrel.model.SpanBatch}, with the candidate spans of
 * {@link dev.spanrel.model.SpanCandidates}) and the model directory that training writes
 * ({@link dev.spanrel.model.SavedModel}). Decoding its scores into predictions is {@code infer}'s.
 */
package dev.spanrel.model;
