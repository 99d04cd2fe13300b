package dev.spanrel.data;

import java.util.List;

/**
 * One annotated unit (a sentence in the benchmark data): its word tokens, entities and relations.
 * {@code origId} is the identifier in the source corpus, or the empty string when there is none.
 */
public record Document(String origId, List<String> tokens, List<EntityMention> entities, List<RelationMention> relations) {
    public Document {
        tokens = List.copyOf(tokens);
        entities = List.copyOf(entities);
        relations = List.copyOf(relations);
    }
}
