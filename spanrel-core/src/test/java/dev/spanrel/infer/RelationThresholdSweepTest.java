package dev.spanrel.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.spanrel.SharedFolder;
import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.data.RelationMention;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.eval.Evaluator;
import dev.spanrel.eval.Prf;
import dev.spanrel.infer.ScoredEntity;
import dev.spanrel.infer.ScoredRelation;
import dev.spanrel.infer.SentencePrediction;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelationThresholdSweepTest {
    @Test
    void parsesRangesWithBothEndsAndListsInAscendingOrder() {
        assertThat(RelationThresholdSweep.parse("0.1:0.9:0.1")).containsExactly(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);
        assertThat(RelationThresholdSweep.parse("0.3:0.4:0.05")).containsExactly(0.3, 0.35, 0.4);
        assertThat(RelationThresholdSweep.parse("0.5, 0.2,0.4")).containsExactly(0.2, 0.4, 0.5);
        assertThat(RelationThresholdSweep.parse("0.4")).containsExactly(0.4);
    }

    @Test
    void refusesThresholdsThatAreNoProbabilities() {
        assertThatThrownBy(() -> RelationThresholdSweep.parse("0.1:1.2:0.1")).hasMessageContaining("outside [0, 1]");
        assertThatThrownBy(() -> RelationThresholdSweep.parse("0.9:0.1:0.1")).hasMessageContaining("FROM ≤ TO");
        assertThatThrownBy(() -> RelationThresholdSweep.parse("0.1:0.9:0")).hasMessageContaining("STEP > 0");
        assertThatThrownBy(() -> RelationThresholdSweep.parse("0.1:0.9")).hasMessageContaining("FROM:TO:STEP");
        assertThatThrownBy(() -> RelationThresholdSweep.parse("low")).hasMessageContaining("not a number");
    }

    /**
     * One sentence with two gold relations; the model found both entities pairs and a spurious third, with
     * probabilities 0.9 (right), 0.6 (spurious) and 0.3 (right). Counted by hand per threshold.
     */
    @Test
    void scoresEachThresholdAsIfDecodedThere() {
        TypeSystem types = SpertJson.readTypes(SharedFolder.data("conll04/conll04_types.json"));
        List<EntityMention> entities = List.of(
                new EntityMention(types.entityType("Peop"), 0, 1),
                new EntityMention(types.entityType("Org"), 3, 4),
                new EntityMention(types.entityType("Loc"), 6, 7));
        Document gold = new Document("d1", List.of("Ann", "works", "for", "Acme", "in", "old", "Paris"), entities, List.of(
                new RelationMention(types.relationType("Work_For"), 0, 1),
                new RelationMention(types.relationType("OrgBased_In"), 1, 2)));
        List<ScoredEntity> predictedEntities = entities.stream()
                .map(e -> new ScoredEntity(e.type(), e.start(), e.end(), 0.99)).toList();
        SentencePrediction predicted = new SentencePrediction(predictedEntities, List.of(
                new ScoredRelation(types.relationType("Work_For"), 0, 1, 0.9),
                new ScoredRelation(types.relationType("Live_In"), 0, 2, 0.6),
                new ScoredRelation(types.relationType("OrgBased_In"), 1, 2, 0.3)));

        List<RelationThresholdSweep.Point> points = RelationThresholdSweep.sweep(new Evaluator(types, false),
                List.of(gold), List.of(predicted), 0.2, List.of(0.2, 0.5, 0.7, 0.95));

        assertPrf(points.get(0).evaluation().relationsStrict().micro(), 200.0 / 3, 100.0);  // 2 of 3 right, both found
        assertPrf(points.get(1).evaluation().relationsStrict().micro(), 50.0, 50.0);        // 1 of 2 right
        assertPrf(points.get(2).evaluation().relationsStrict().micro(), 100.0, 50.0);       // 1 of 1 right
        assertPrf(points.get(3).evaluation().relationsStrict().micro(), 0.0, 0.0);          // nothing kept
        for (RelationThresholdSweep.Point p : points) {
            assertThat(p.evaluation().entities().micro().f1()).isEqualTo(100.0);
        }
        // F1 0.8 at 0.2, 0.5 at 0.5, 0.667 at 0.7: the lowest threshold wins.
        assertThat(RelationThresholdSweep.best(points).threshold()).isEqualTo(0.2);
    }

    @Test
    void refusesThresholdsBelowTheDecodingOne() {
        TypeSystem types = SpertJson.readTypes(SharedFolder.data("conll04/conll04_types.json"));
        Document empty = new Document("d", List.of("x"), List.of(), List.of());
        SentencePrediction none = new SentencePrediction(List.of(), List.of());
        assertThatThrownBy(() -> RelationThresholdSweep.sweep(new Evaluator(types, false), List.of(empty), List.of(none),
                0.4, List.of(0.3, 0.5))).hasMessageContaining("below the 0.400");
    }

    private static void assertPrf(Prf prf, double precision, double recall) {
        assertThat(prf.precision()).isCloseTo(precision, within(1e-9));
        assertThat(prf.recall()).isCloseTo(recall, within(1e-9));
    }
}
