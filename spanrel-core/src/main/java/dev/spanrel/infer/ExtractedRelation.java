package dev.spanrel.infer;

/** An extracted relation; {@code head} and {@code tail} index the entities of the same sentence. */
public record ExtractedRelation(String type, int head, int tail, double score) {}
