package dev.spanrel.infer;

import dev.spanrel.data.RelationType;

/** A predicted relation; head and tail index the entity list of the same {@link SentencePrediction}. */
public record ScoredRelation(RelationType type, int head, int tail, double score) {}
