package dev.spanrel.model;

import java.util.List;

/** What the model predicts for one sentence of words. Entities are sorted by start, then end. */
public record SentencePrediction(List<ScoredEntity> entities, List<ScoredRelation> relations) {
    public SentencePrediction {
        entities = List.copyOf(entities);
        relations = List.copyOf(relations);
    }
}
