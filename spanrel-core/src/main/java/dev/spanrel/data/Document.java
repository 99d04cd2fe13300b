package dev.spanrel.data;

import java.util.List;

/**
 * One annotated unit (a sentence in the benchmark data): its word tokens, entities and relations.
 * {@code origId} is the identifier in the source corpus, or the empty string when there is none.
 *
 * @param origId the identifier in the source corpus, or ""
 * @param tokens the words
 * @param entities the entity mentions, as word spans
 * @param relations the relation mentions, indexing {@code entities}
 */
public record Document(String origId, List<String> tokens, List<EntityMention> entities, List<RelationMention> relations) {
    /**
     * Copies the lists, so a document never changes after it is made.
     *
     * @param origId the identifier in the source corpus, or ""
     * @param tokens the words
     * @param entities the entity mentions, as word spans
     * @param relations the relation mentions, indexing {@code entities}
     */
    public Document {
        tokens = List.copyOf(tokens);
        entities = List.copyOf(entities);
        relations = List.copyOf(relations);
    }
}
