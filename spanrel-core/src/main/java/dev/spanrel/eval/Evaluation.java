package dev.spanrel.eval;

/**
 * SpERT's three scores. {@code relationsStrict} needs both entities' spans and types and the relation type right
 * (SpERT's "with NEC", the usual CoNLL04/ADE number); {@code relationsBoundaries} ignores the entity types
 * ("without NEC", the usual SciERC number). {@code relationErrors} says where the strict relation errors come from;
 * it is counted in the same pass over the same per-document sets.
 */
public record Evaluation(Scores entities, Scores relationsStrict, Scores relationsBoundaries, RelationErrors relationErrors) {}
