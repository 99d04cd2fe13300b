package dev.spanrel.cli;

import dev.spanrel.data.EntityType;
import dev.spanrel.data.RelationType;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.infer.SentenceTagger;
import dev.spanrel.infer.ScoredEntity;
import dev.spanrel.infer.ScoredRelation;
import dev.spanrel.infer.SentencePrediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for the trained model: tags the names of a small dictionary (longest match first) and
 * links every person to every location of the sentence with Live_In and to every organisation with Work_For.
 */
public final class GazetteerTagger implements SentenceTagger {
    static final double ENTITY_SCORE = 0.9;
    static final double RELATION_SCORE = 0.75;

    private static final TypeSystem TYPES = TypeSystem.of(
            List.of(new EntityType("Loc", "Loc", "Location", 1), new EntityType("Org", "Org", "Organization", 2),
                    new EntityType("Peop", "Peop", "People", 3), new EntityType("Other", "Other", "Other", 4)),
            List.of(new RelationType("Work_For", "Work", "Work for", false, 1),
                    new RelationType("Live_In", "Live", "Live in", false, 2)));

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("John Smith", "Peop"), Map.entry("Mary Jones", "Peop"), Map.entry("Ann Lee", "Peop"),
            Map.entry("Zoë Saldaña", "Peop"), Map.entry("Paris", "Loc"), Map.entry("London", "Loc"),
            Map.entry("Boston", "Loc"), Map.entry("New York", "Loc"), Map.entry("São Paulo", "Loc"),
            Map.entry("東京", "Loc"), Map.entry("Acme Corp.", "Org"), Map.entry("United Nations", "Org"));
    private static final int LONGEST_NAME = 2;

    /** The largest batch seen, so tests can tell that requests were grouped. */
    public final AtomicInteger largestBatch = new AtomicInteger();

    @Override
    public TypeSystem types() {
        return TYPES;
    }

    @Override
    public List<SentencePrediction> predict(List<List<String>> sentences) {
        largestBatch.accumulateAndGet(sentences.size(), Math::max);
        return sentences.stream().map(GazetteerTagger::tag).toList();
    }

    private static SentencePrediction tag(List<String> words) {
        List<ScoredEntity> entities = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            for (int width = Math.min(LONGEST_NAME, words.size() - i); width >= 1; width--) {
                String type = NAMES.get(String.join(" ", words.subList(i, i + width)));
                if (type != null) {
                    entities.add(new ScoredEntity(TYPES.entityType(type), i, i + width, ENTITY_SCORE));
                    i += width - 1;
                    break;
                }
            }
        }
        List<ScoredRelation> relations = new ArrayList<>();
        for (int h = 0; h < entities.size(); h++) {
            if (!entities.get(h).type().name().equals("Peop")) {
                continue;
            }
            for (int t = 0; t < entities.size(); t++) {
                String tailType = entities.get(t).type().name();
                String relation = tailType.equals("Loc") ? "Live_In" : tailType.equals("Org") ? "Work_For" : null;
                if (relation != null) {
                    relations.add(new ScoredRelation(TYPES.relationType(relation), h, t, RELATION_SCORE));
                }
            }
        }
        return new SentencePrediction(entities, relations);
    }

    static List<String> words(String sentence) {
        return Arrays.asList(sentence.split(" "));
    }
}
