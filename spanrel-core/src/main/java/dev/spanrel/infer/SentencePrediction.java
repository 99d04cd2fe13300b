package dev.spanrel.infer;

import java.util.List;

/**
 * What the model predicts for one sentence of words. Entities are sorted by start, then end.
 *
 * @param entities the entities with their scores, as word spans
 * @param relations the relations with their scores, indexing {@code entities}
 */
public record SentencePrediction(List<ScoredEntity> entities, List<ScoredRelation> relations) {
    /**
     * Copies the lists.
     *
     * @param entities the entities with their scores, as word spans
     * @param relations the relations with their scores, indexing {@code entities}
     */
    public SentencePrediction {
        entities = List.copyOf(entities);
        relations = List.copyOf(relations);
    }
}
