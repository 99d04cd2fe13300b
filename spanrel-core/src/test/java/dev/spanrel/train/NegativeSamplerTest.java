package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.data.EntityType;
import dev.spanrel.data.RelationMention;
import dev.spanrel.data.RelationType;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.model.DocumentSamples;
import dev.spanrel.model.EncodedDocument;
import dev.spanrel.text.EncodedSentence;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NegativeSamplerTest {
    private static final TypeSystem TYPES = TypeSystem.of(
            List.of(new EntityType("Peop", "P", "People", 1), new EntityType("Org", "O", "Org", 2)),
            List.of(new RelationType("Work_For", "W", "Work for", false, 1), new RelationType("Conj", "C", "Conjunction", true, 2)));

    /** Six words; A = [0,1) Peop, B = [2,4) Org, C = [5,6) Peop. */
    private static EncodedDocument document(List<RelationMention> relations) {
        EntityType peop = TYPES.entityType("Peop");
        List<EntityMention> entities = List.of(
                new EntityMention(peop, 0, 1), new EntityMention(TYPES.entityType("Org"), 2, 4), new EntityMention(peop, 5, 6));
        Document doc = new Document("1", List.of("a", "b", "c", "d", "e", "f"), entities, relations);
        // One piece per word: [CLS] w0..w5 [SEP]
        return new EncodedDocument(doc, new EncodedSentence(new int[8], new int[] {1, 2, 3, 4, 5, 6}, new int[] {2, 3, 4, 5, 6, 7}));
    }

    @Test
    void drawsRatioTimesPositivesAndNeverAGoldSpan() {
        EncodedDocument doc = document(List.of(new RelationMention(TYPES.relationType("Work_For"), 0, 1)));
        DocumentSamples s = new NegativeSampler(new SamplingConfig(2, 0, 0, 10), 2).sample(doc, new Random(1));
        // 3 gold spans + 2×3 negatives out of 21 − 3 = 18 available.
        assertThat(s.spanCount()).isEqualTo(9);
        assertThat(s.spanLabels()).containsExactly(1, 2, 1, 0, 0, 0, 0, 0, 0);
        Set<List<Integer>> gold = Set.of(List.of(0, 1), List.of(2, 4), List.of(5, 6));
        Set<List<Integer>> negatives = new HashSet<>();
        for (int i = 3; i < 9; i++) {
            List<Integer> span = List.of(s.spanStarts()[i], s.spanEnds()[i]);
            assertThat(gold).doesNotContain(span);
            assertThat(span.get(1) - span.get(0)).isBetween(1, 10);
            negatives.add(span);
        }
        assertThat(negatives).hasSize(6); // without replacement
        // 1 positive pair (A→B, multi-hot Work_For) + min(2×1, 6 − 1) negatives among ordered gold pairs.
        assertThat(s.pairCount()).isEqualTo(3);
        assertThat(s.pairHeads()[0]).isEqualTo(0);
        assertThat(s.pairTails()[0]).isEqualTo(1);
        assertThat(new float[] {s.pairLabels()[0], s.pairLabels()[1]}).containsExactly(1f, 0f);
        for (int p = 1; p < 3; p++) {
            assertThat(s.pairHeads()[p]).isNotEqualTo(s.pairTails()[p]);
            assertThat(List.of(s.pairHeads()[p], s.pairTails()[p])).isNotEqualTo(List.of(0, 1));
            assertThat(new float[] {s.pairLabels()[2 * p], s.pairLabels()[2 * p + 1]}).containsExactly(0f, 0f);
        }
        assertThat(s.pairHeadTypes()[0]).isEqualTo(1);
        assertThat(s.pairTailTypes()[0]).isEqualTo(2);
    }

    @Test
    void fixedCountsAreCappedByWhatExists() {
        EncodedDocument doc = document(List.of(new RelationMention(TYPES.relationType("Work_For"), 0, 1)));
        DocumentSamples s = new NegativeSampler(new SamplingConfig(30, 100, 100, 10), 2).sample(doc, new Random(1));
        assertThat(s.spanCount()).isEqualTo(3 + 18);
        assertThat(s.pairCount()).isEqualTo(6);
    }

    @Test
    void symmetricRelationIsCanonicalAndItsReverseIsNoNegative() {
        // Conj stored as C → A: canonical is A → C; C → A must not be drawn as a negative.
        EncodedDocument doc = document(List.of(new RelationMention(TYPES.relationType("Conj"), 2, 0)));
        for (int seed = 0; seed < 20; seed++) {
            DocumentSamples s = new NegativeSampler(new SamplingConfig(100, 0, 0, 10), 2).sample(doc, new Random(seed));
            assertThat(List.of(s.pairHeads()[0], s.pairTails()[0])).isEqualTo(List.of(0, 2));
            assertThat(new float[] {s.pairLabels()[0], s.pairLabels()[1]}).containsExactly(0f, 1f);
            assertThat(s.pairCount()).isEqualTo(1 + 4); // 6 ordered pairs − the positive − its reverse
            for (int p = 1; p < s.pairCount(); p++) {
                assertThat(List.of(s.pairHeads()[p], s.pairTails()[p])).isNotEqualTo(List.of(2, 0));
            }
        }
    }

    @Test
    void aSentenceWithoutEntitiesStillGetsNegatives() {
        Document empty = new Document("", List.of("x", "y", "z"), List.of(), List.of());
        EncodedDocument doc = new EncodedDocument(empty, new EncodedSentence(new int[5], new int[] {1, 2, 3}, new int[] {2, 3, 4}));
        DocumentSamples s = new NegativeSampler(new SamplingConfig(30, 0, 0, 10), 2).sample(doc, new Random(3));
        assertThat(s.spanCount()).isEqualTo(6); // all 6 spans of 3 words (30 × max(1, 0) capped)
        assertThat(s.pairCount()).isZero();
    }
}
