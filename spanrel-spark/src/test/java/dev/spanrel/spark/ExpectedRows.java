package dev.spanrel.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spanrel.infer.ExtractedEntity;
import dev.spanrel.infer.ExtractedRelation;
import dev.spanrel.infer.ExtractedSentence;
import dev.spanrel.infer.ExtractionResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A row's entities and relations as the Spark output lays them out (entities of all sentences in order, relation
 * ends indexing them), without the probabilities, which are compared apart with a tolerance.
 */
record ExpectedRows(List<String> entities, List<String> relations, List<Double> scores) {
    static String entity(String text, String type, int sentence, int start, int end) {
        return type + " '" + text + "' s" + sentence + " " + start + "-" + end;
    }

    static String relation(String type, int head, int tail, String headText, String tailText) {
        return type + " " + head + "->" + tail + " '" + headText + "'->'" + tailText + "'";
    }

    /** What the in-process extractor's result for a text becomes in the row. */
    static ExpectedRows of(ExtractionResult result) {
        List<String> entities = new ArrayList<>();
        List<String> relations = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        List<Double> relationScores = new ArrayList<>();
        for (int s = 0; s < result.sentences().size(); s++) {
            ExtractedSentence sentence = result.sentences().get(s);
            int first = entities.size();
            for (ExtractedEntity e : sentence.entities()) {
                entities.add(entity(e.text(), e.type(), s, e.charStart(), e.charEnd()));
                scores.add(e.score());
            }
            for (ExtractedRelation r : sentence.relations()) {
                relations.add(relation(r.type(), first + r.head(), first + r.tail(),
                        sentence.entities().get(r.head()).text(), sentence.entities().get(r.tail()).text()));
                relationScores.add(r.score());
            }
        }
        scores.addAll(relationScores);
        return new ExpectedRows(entities, relations, scores);
    }

    void assertMatches(ExpectedRows got, String text) {
        assertThat(got.entities).as("entities of %s", text).isEqualTo(entities);
        assertThat(got.relations).as("relations of %s", text).isEqualTo(relations);
        for (int i = 0; i < scores.size(); i++) {
            assertThat(got.scores.get(i)).as("probability %d of %s", i, text).isCloseTo(scores.get(i), within(1e-4));
        }
    }
}
