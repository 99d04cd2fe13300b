package dev.spanrel.infer;

import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.data.RelationMention;
import java.util.ArrayList;
import java.util.List;

/** Turns predictions into documents, the form the evaluator and the SpERT JSON writer take. */
final class Predictions {
    private Predictions() {}

    /**
     * A copy of {@code source} with the predicted entities and relations instead of its own.
     *
     * @param source the annotated document (tokens and id are kept)
     * @param prediction the prediction for it
     * @return the predicted document
     */
    public static Document toDocument(Document source, SentencePrediction prediction) {
        List<EntityMention> entities = new ArrayList<>();
        for (ScoredEntity e : prediction.entities()) {
            entities.add(new EntityMention(e.type(), e.start(), e.end()));
        }
        List<RelationMention> relations = new ArrayList<>();
        for (ScoredRelation r : prediction.relations()) {
            relations.add(new RelationMention(r.type(), r.head(), r.tail()));
        }
        return new Document(source.origId(), source.tokens(), entities, relations);
    }
}
