package dev.spanrel.eval;

/**
 * SpERT's three scores. {@code relationsStrict} needs both entities' spans and types and the relation type right
 * (SpERT's "with NEC", the usual CoNLL04/ADE number); {@code relationsBoundaries} ignores the entity types
 * ("without NEC", the usual SciERC number).
 */
public record Evaluation(Scores entities, Scores relationsStrict, Scores relationsBoundaries) {}
