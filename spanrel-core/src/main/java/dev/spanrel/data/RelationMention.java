package dev.spanrel.data;

/** A relation between two entities of the same document; head and tail index its entity list. */
public record RelationMention(RelationType type, int head, int tail) {}
