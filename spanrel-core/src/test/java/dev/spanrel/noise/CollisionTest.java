package dev.spanrel.noise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.data.EntityType;
import dev.spanrel.data.RelationMention;
import dev.spanrel.data.RelationType;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flip never makes a mention repeat another one of its document, so the output stays a valid file. */
class CollisionTest {
    private static final EntityType A = new EntityType("A", "A", "A", 1);
    private static final EntityType B = new EntityType("B", "B", "B", 2);
    private static final RelationType R = new RelationType("R", "R", "R", false, 1);
    private static final RelationType S = new RelationType("S", "S", "S", true, 2);
    private static final TypeSystem TYPES = TypeSystem.of(List.of(A, B), List.of(R, S));

    @TempDir Path tmp;

    @Test
    void flipsThatWouldRepeatAMentionAreWithheldAndCounted() {
        // Two entities on one span, and relations between them in both directions: with two types of each kind
        // every entity flip and most relation flips would produce a repeat.
        Document doc = new Document("x", List.of("w", "v"),
                List.of(new EntityMention(A, 0, 1), new EntityMention(B, 0, 1), new EntityMention(A, 1, 2)),
                List.of(new RelationMention(R, 0, 1), new RelationMention(S, 1, 0), new RelationMention(R, 0, 2)));
        List<Document> docs = Collections.nCopies(100, doc);
        NoisyDocuments noisy = new LabelNoise(NoiseConfig.symmetric(0.9, 4), TYPES).apply(docs);

        // Entities 0 and 1 can never flip (each would become the other); entity 2 can.
        LabelCounts entities = noisy.report().entities();
        assertThat(entities.total()).isEqualTo(300);
        assertThat(entities.flipped()).isBetween(70, 100);
        assertThat(entities.blocked()).isBetween(140, 200);
        // Relation 0 as S would be relation 1 read the other way round (S is symmetric).
        assertThat(noisy.report().relations().blocked()).isPositive();
        assertThat(noisy.report().lines().get(0)).contains("withheld");
        for (Document d : noisy.documents()) {
            assertThat(d.entities().subList(0, 2)).isEqualTo(doc.entities().subList(0, 2));
            Set<List<Object>> relations = new HashSet<>();
            for (RelationMention r : d.relations()) {
                boolean swap = r.type().symmetric() && r.head() > r.tail();
                assertThat(relations.add(List.of(r.type(), swap ? r.tail() : r.head(), swap ? r.head() : r.tail())))
                        .as("relation %s repeats another in %s", r, d.relations()).isTrue();
            }
        }
        Path file = tmp.resolve("noisy.json");
        SpertJson.writeDocuments(file, noisy.documents());
        assertThat(SpertJson.readDocuments(file, TYPES)).isEqualTo(noisy.documents());
    }
}
