package dev.spanrel.spert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.data.RelationMention;
import dev.spanrel.data.SpertJson;
import dev.spanrel.infer.ModelTagger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symmetric relation types, decoded SpERT's way and spanrel's, against the same model's directed relations put
 * through each rule by hand. The relation scores do not depend on the symmetric flag, so the directed
 * predictions (all types asymmetric) are the raw material of both rules: SpERT's {@code _adjust_rel} turns a
 * relation round only when its tail starts before its head, then drops duplicates; spanrel puts the earlier entity
 * in (start, end) order first.
 */
class SymmetricDecodingTest {
    @TempDir static Path tmp;
    static List<Document> directed;
    static List<Document> spertWay;
    static List<Document> spanrelWay;

    @BeforeAll
    static void predict() throws IOException {
        Path symmetricTypes = tmp.resolve("conll04_symmetric_types.json");
        Files.writeString(symmetricTypes, Files.readString(SpertFixtureTest.TYPES).replace("\"symmetric\": false", "\"symmetric\": true"));
        Path model = SpertFixtureTest.FIXTURE.resolve("model");
        SpertImport.run(model, SpertFixtureTest.TYPES, Optional.empty(), SpertSettings.defaults(), tmp.resolve("directed"));
        SpertImport.run(model, symmetricTypes, Optional.empty(), SpertSettings.defaults(), tmp.resolve("spert"));
        SpertImport.run(model, symmetricTypes, Optional.empty(),
                SpertSettings.defaults().withOverrides(List.of("symmetricBySpanStart=false")), tmp.resolve("spanrel"));
        directed = predict(tmp.resolve("directed"));
        spertWay = predict(tmp.resolve("spert"));
        spanrelWay = predict(tmp.resolve("spanrel"));
    }

    private static List<Document> predict(Path model) {
        try (ModelTagger tagger = ModelTagger.load(model)) {
            return tagger.predictDocuments(SpertJson.readDocuments(SpertFixtureTest.TEST, tagger.types()));
        }
    }

    /** A relation by type name and the two spans, so documents of different type systems compare. */
    private record Arc(String type, int headStart, int headEnd, int tailStart, int tailEnd) {}

    /** How a rule orders a symmetric relation's two entities; AS_IS leaves a decoder's output as it came. */
    private enum Rule { AS_IS, BY_START, BY_TEXT_ORDER }

    private static Set<Arc> arcs(Document doc, Rule rule) {
        Set<Arc> out = new HashSet<>();
        for (RelationMention r : doc.relations()) {
            EntityMention head = doc.entities().get(r.head());
            EntityMention tail = doc.entities().get(r.tail());
            boolean turn = switch (rule) {
                case AS_IS -> false;
                case BY_START -> tail.start() < head.start();
                case BY_TEXT_ORDER -> tail.start() < head.start() || (tail.start() == head.start() && tail.end() < head.end());
            };
            out.add(turn ? new Arc(r.type().name(), tail.start(), tail.end(), head.start(), head.end())
                    : new Arc(r.type().name(), head.start(), head.end(), tail.start(), tail.end()));
        }
        return out;
    }

    @Test
    void spertsRuleKeepsBothDirectionsOfEntitiesStartingTogether() {
        int differing = 0;
        for (int i = 0; i < directed.size(); i++) {
            Set<Arc> expected = arcs(directed.get(i), Rule.BY_START);
            assertThat(arcs(spertWay.get(i), Rule.AS_IS)).as("document %d", i).isEqualTo(expected);
            assertThat(spertWay.get(i).relations()).as("document %d: no duplicates", i).hasSize(expected.size());
            if (!arcs(spanrelWay.get(i), Rule.AS_IS).equals(expected)) {
                differing++;
            }
        }
        // The two rules part on this data: nested entities that start at the same word relate both ways.
        assertThat(differing).isPositive();
    }

    @Test
    void spanrelsRuleMakesTheTwoDirectionsOneRelation() {
        for (int i = 0; i < directed.size(); i++) {
            Set<Arc> expected = arcs(directed.get(i), Rule.BY_TEXT_ORDER);
            assertThat(arcs(spanrelWay.get(i), Rule.AS_IS)).as("document %d", i).isEqualTo(expected);
            assertThat(spanrelWay.get(i).relations()).as("document %d: no duplicates", i).hasSize(expected.size());
            for (RelationMention r : spanrelWay.get(i).relations()) {
                assertThat(r.head()).as("document %d: earlier entity first", i).isLessThan(r.tail());
            }
        }
    }
}
