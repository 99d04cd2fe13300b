package dev.spanrel.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.spanrel.SharedFolder;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.data.EntityType;
import dev.spanrel.data.RelationMention;
import dev.spanrel.data.RelationType;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases of SpERT's counting, and gold against itself on the real test sets. */
class EvaluatorTest {
    static final TypeSystem TYPES = TypeSystem.of(
            List.of(new EntityType("A", "A", "A", 1), new EntityType("B", "B", "B", 2), new EntityType("C", "C", "C", 3)),
            List.of(new RelationType("R", "R", "R", false, 1), new RelationType("S", "S", "S", true, 2)));
    static final List<String> TOKENS = List.of("t0", "t1", "t2", "t3", "t4", "t5");

    static EntityMention e(String type, int start, int end) {
        return new EntityMention(TYPES.entityType(type), start, end);
    }

    static RelationMention r(String type, int head, int tail) {
        return new RelationMention(TYPES.relationType(type), head, tail);
    }

    static Document doc(List<EntityMention> entities, List<RelationMention> relations) {
        return new Document("", TOKENS, entities, relations);
    }

    static Evaluation evaluate(Document gold, Document predicted) {
        return Evaluator.of(TYPES).evaluate(List.of(gold), List.of(predicted));
    }

    static void assertPrf(Prf prf, double p, double r, double f, int support) {
        assertThat(prf.precision()).as("precision").isCloseTo(p, within(1e-9));
        assertThat(prf.recall()).as("recall").isCloseTo(r, within(1e-9));
        assertThat(prf.f1()).as("f1").isCloseTo(f, within(1e-9));
        assertThat(prf.support()).as("support").isEqualTo(support);
    }

    @Test
    void rightSpanWithWrongTypeIsOneFalseNegativeAndOneFalsePositive() {
        Evaluation ev = evaluate(doc(List.of(e("A", 0, 1), e("A", 2, 3)), List.of()),
                doc(List.of(e("A", 0, 1), e("B", 2, 3)), List.of()));
        Scores s = ev.entities();
        assertPrf(s.perType().get("A"), 100, 50, 200.0 / 3, 2);
        assertPrf(s.perType().get("B"), 0, 0, 0, 0);
        assertThat(s.perType()).containsOnlyKeys("A", "B");
        assertPrf(s.micro(), 50, 50, 50, 2);
        assertPrf(s.macro(), 50, 25, 100.0 / 3, 2);
    }

    @Test
    void typeSeenOnlyInPredictionsEntersMacroWithZeros() {
        Evaluation ev = evaluate(doc(List.of(e("A", 0, 1)), List.of()),
                doc(List.of(e("A", 0, 1), e("C", 2, 3)), List.of()));
        assertThat(ev.entities().perType()).containsOnlyKeys("A", "C");
        assertPrf(ev.entities().perType().get("C"), 0, 0, 0, 0);
        assertPrf(ev.entities().micro(), 50, 100, 200.0 / 3, 1);
        assertPrf(ev.entities().macro(), 50, 50, 50, 1);
    }

    @Test
    void symmetricRelationCountsInEitherOrder() {
        List<EntityMention> entities = List.of(e("A", 0, 1), e("B", 2, 4));
        Evaluation ev = evaluate(doc(entities, List.of(r("S", 1, 0))), doc(entities, List.of(r("S", 0, 1))));
        assertPrf(ev.relationsStrict().micro(), 100, 100, 100, 1);
        assertPrf(ev.relationsBoundaries().micro(), 100, 100, 100, 1);
    }

    @Test
    void symmetricOrderBreaksTiesOnStartByEnd() {
        List<EntityMention> entities = List.of(e("A", 0, 3), e("B", 0, 1));
        Evaluation ev = evaluate(doc(entities, List.of(r("S", 0, 1))), doc(entities, List.of(r("S", 1, 0))));
        assertPrf(ev.relationsStrict().micro(), 100, 100, 100, 1);
    }

    @Test
    void reversedNonSymmetricRelationIsWrong() {
        List<EntityMention> entities = List.of(e("A", 0, 1), e("B", 2, 4));
        Evaluation ev = evaluate(doc(entities, List.of(r("R", 0, 1))), doc(entities, List.of(r("R", 1, 0))));
        assertPrf(ev.relationsStrict().perType().get("R"), 0, 0, 0, 1);
        assertPrf(ev.relationsBoundaries().micro(), 0, 0, 0, 1);
        assertPrf(ev.entities().micro(), 100, 100, 100, 2);
    }

    @Test
    void boundariesIgnoreEntityTypesStrictDoesNot() {
        Evaluation ev = evaluate(doc(List.of(e("A", 0, 1), e("B", 2, 4)), List.of(r("R", 0, 1))),
                doc(List.of(e("B", 0, 1), e("B", 2, 4)), List.of(r("R", 0, 1))));
        assertPrf(ev.relationsStrict().micro(), 0, 0, 0, 1);
        assertPrf(ev.relationsBoundaries().micro(), 100, 100, 100, 1);
        assertPrf(ev.entities().micro(), 50, 50, 50, 2);
    }

    @Test
    void emptyDocumentsScoreZeroWithNoTypes() {
        Evaluation ev = evaluate(doc(List.of(), List.of()), doc(List.of(), List.of()));
        for (Scores s : List.of(ev.entities(), ev.relationsStrict(), ev.relationsBoundaries())) {
            assertPrf(s.micro(), 0, 0, 0, 0);
            assertPrf(s.macro(), 0, 0, 0, 0);
            assertThat(s.perType()).isEmpty();
        }
        Evaluation nothingPredicted = evaluate(doc(List.of(e("A", 0, 1)), List.of()), doc(List.of(), List.of()));
        assertPrf(nothingPredicted.entities().micro(), 0, 0, 0, 1);
    }

    @Test
    void duplicateRelationsInOneDocumentCountOnce() {
        List<EntityMention> entities = List.of(e("A", 0, 1), e("B", 2, 4));
        Evaluation ev = evaluate(doc(entities, List.of(r("R", 0, 1), r("R", 0, 1))),
                doc(entities, List.of(r("R", 0, 1), r("R", 0, 1), r("R", 0, 1))));
        assertPrf(ev.relationsStrict().micro(), 100, 100, 100, 1);
        // Two gold relations that differ only in entity types become one unit in the boundaries setting.
        Evaluation collapsed = evaluate(
                doc(List.of(e("A", 0, 1), e("B", 0, 1), e("B", 2, 4)), List.of(r("R", 0, 2), r("R", 1, 2))),
                doc(List.of(e("A", 0, 1), e("B", 2, 4)), List.of(r("R", 0, 1))));
        assertPrf(collapsed.relationsStrict().micro(), 100, 50, 200.0 / 3, 2);
        assertPrf(collapsed.relationsBoundaries().micro(), 100, 100, 100, 1);
    }

    @Test
    void dropOverlappingFiltersEachListAndRelationsWhoseArgumentsOverlap() {
        // Gold: A[0,2) and B[1,3) overlap; A[0,1)... C[4,5) stands alone. R(0→1) joins overlapping arguments.
        Document gold = doc(List.of(e("A", 0, 2), e("B", 1, 3), e("C", 4, 5)), List.of(r("R", 0, 1), r("R", 0, 2)));
        Document predicted = doc(List.of(e("A", 0, 2), e("C", 4, 5)), List.of(r("R", 0, 1)));
        Evaluation dropping = new Evaluator(TYPES, true).evaluate(List.of(gold), List.of(predicted));
        // Gold keeps only C; predicted keeps A and C (nothing overlaps there).
        assertThat(dropping.entities().perType()).containsOnlyKeys("A", "C");
        assertPrf(dropping.entities().perType().get("A"), 0, 0, 0, 0);
        assertPrf(dropping.entities().perType().get("C"), 100, 100, 100, 1);
        // R(0→1) is dropped from gold; R(0→2) stays although its head entity was dropped, as in SpERT.
        assertPrf(dropping.relationsStrict().micro(), 100, 100, 100, 1);

        Evaluation keeping = new Evaluator(TYPES, false).evaluate(List.of(gold), List.of(predicted));
        assertPrf(keeping.entities().micro(), 100, 200.0 / 3, 80, 3);
        assertPrf(keeping.relationsStrict().micro(), 100, 50, 200.0 / 3, 2);
    }

    @Test
    void sameSpanWithAnotherTypeOverlaps() {
        Document gold = doc(List.of(e("A", 0, 1), e("B", 0, 1), e("C", 3, 4)), List.of(r("R", 0, 1), r("R", 0, 2)));
        Evaluation ev = new Evaluator(TYPES, true).evaluate(List.of(gold), List.of(gold));
        assertThat(ev.entities().perType()).containsOnlyKeys("C");
        assertPrf(ev.relationsStrict().micro(), 100, 100, 100, 1);
    }

    @Test
    void misalignedListsFailNamingTheDocument() {
        Document a = doc(List.of(), List.of());
        Document b = new Document("42", List.of("x"), List.of(), List.of());
        assertThatThrownBy(() -> Evaluator.of(TYPES).evaluate(List.of(a), List.of(a, a)))
                .isInstanceOf(SpanrelException.class).hasMessageContaining("gold has 1 documents but the predictions have 2");
        assertThatThrownBy(() -> Evaluator.of(TYPES).evaluate(List.of(a, b), List.of(a, a)))
                .isInstanceOf(SpanrelException.class).hasMessageContaining("document 1 (orig_id 42): the prediction's tokens differ");
    }

    @Test
    void goldAgainstItselfIsPerfectOnEveryRealTestSet() {
        for (String file : List.of("conll04/conll04_test.json", "scierc/scierc_test.json", "ade/ade_split_0_test.json")) {
            Path path = SharedFolder.data(file);
            TypeSystem types = SpertJson.readTypes(DataDirectory.typesFileIn(path.getParent()));
            List<Document> docs = SpertJson.readDocuments(path, types);
            for (boolean drop : new boolean[] {false, true}) {
                Evaluation ev = new Evaluator(types, drop).evaluate(docs, docs);
                for (Scores s : List.of(ev.entities(), ev.relationsStrict(), ev.relationsBoundaries())) {
                    assertThat(s.perType()).as(file).isNotEmpty();
                    for (Prf prf : s.perType().values()) {
                        assertPrf(prf, 100, 100, 100, prf.support());
                    }
                    assertPrf(s.micro(), 100, 100, 100, s.micro().support());
                    assertPrf(s.macro(), 100, 100, 100, s.micro().support());
                }
                if (!drop) {
                    assertThat(ev.entities().micro().support()).as(file).isEqualTo(docs.stream().mapToInt(d -> d.entities().size()).sum());
                }
            }
        }
    }

    @Test
    void relationErrorsSeparateClassifierMistakesFromEntityMistakes() {
        Document gold = doc(List.of(e("A", 0, 1), e("B", 2, 3), e("C", 4, 5), e("A", 5, 6)),
                List.of(r("R", 0, 1), r("R", 1, 2), r("R", 0, 2), r("R", 2, 3)));
        // Entity 3 comes out with the wrong type; entity 4 is not in gold at all.
        Document predicted = doc(List.of(e("A", 0, 1), e("B", 2, 3), e("C", 4, 5), e("B", 5, 6), e("A", 3, 4)),
                List.of(r("R", 0, 1), r("R", 2, 0), r("S", 1, 0), r("R", 1, 4)));
        RelationErrors errors = evaluate(gold, predicted).relationErrors();
        assertThat(errors).isEqualTo(new RelationErrors(4, 1, 1, 1, 1, 2, 1));
        // The breakdown adds up to the strict scores' false negatives and false positives.
        Prf strict = evaluate(gold, predicted).relationsStrict().micro();
        assertPrf(strict, 25, 25, 25, 4);
        assertThat(errors.missed()).isEqualTo(3);
        assertThat(errors.spurious()).isEqualTo(3);
    }
}
