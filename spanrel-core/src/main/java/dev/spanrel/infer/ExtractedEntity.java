package dev.spanrel.infer;

/**
 * An extracted entity: its type name, word span {@code [start, end)} within its sentence, its text, its UTF-16
 * range {@code [charStart, charEnd)} in the original input (so {@code input.substring(charStart, charEnd)}
 * equals {@code text}), and the model's probability for the type.
 */
public record ExtractedEntity(String type, int start, int end, String text, int charStart, int charEnd, double score) {}
