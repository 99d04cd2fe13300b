/**
 * spanrel: span-based joint entity and relation extraction (the SpERT family) on DJL's PyTorch engine.
 *
 * <p>Most users need only {@link dev.spanrel.infer.Extractor}, which opens a trained model directory and turns raw
 * text into typed entities and relations. The sub-packages hold, one noun each: the data and its formats
 * ({@code data}), raw-text segmentation and WordPiece ({@code text}), the BERT encoder and checkpoint readers
 * ({@code encoder}), the span model ({@code model}), its training ({@code train}), SpERT's evaluation
 * ({@code eval}), training-label noise ({@code noise}), extraction ({@code infer}) and experiment plans and
 * reports ({@code experiment}). This package holds what they all share: {@link dev.spanrel.SpanrelException},
 * {@link dev.spanrel.AtomicFiles} and {@link dev.spanrel.SpanrelVersion}.
 */
package dev.spanrel;
