package dev.spanrel.infer;

import dev.spanrel.data.EntityType;

/** A predicted entity: word span {@code [start, end)}, type, and the probability of that type. */
public record ScoredEntity(EntityType type, int start, int end, double score) {}
