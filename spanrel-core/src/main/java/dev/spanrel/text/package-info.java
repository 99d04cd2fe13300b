/**
 * Text for the model: raw text segmented into sentences and words with exact character offsets
 * ({@link dev.spanrel.text.TextSegmenter}), and words turned into WordPiece ids
 * ({@link dev.spanrel.text.WordPieceTokenizer}).
 */
package dev.spanrel.text;
