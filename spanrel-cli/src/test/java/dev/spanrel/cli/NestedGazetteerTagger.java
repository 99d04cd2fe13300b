package dev.spanrel.cli;

import dev.spanrel.data.EntityType;
import dev.spanrel.data.RelationType;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.infer.SentenceTagger;
import dev.spanrel.infer.ScoredEntity;
import dev.spanrel.infer.ScoredRelation;
import dev.spanrel.infer.SentencePrediction;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in model whose answers nest and overlap, as a span model's may: it tags every dictionary name at every
 * position, a name inside a longer one included, and a name with two types twice, then adds the relations of a
 * fixed list between the names it found.
 */
public final class NestedGazetteerTagger implements SentenceTagger {
    private static final TypeSystem TYPES = TypeSystem.of(
            List.of(new EntityType("Loc", "Loc", "Location", 1), new EntityType("Org", "Org", "Organization", 2),
                    new EntityType("Peop", "Peop", "People", 3)),
            List.of(new RelationType("Work_For", "Work", "Work for", false, 1),
                    new RelationType("Live_In", "Live", "Live in", false, 2),
                    new RelationType("Located_In", "Located", "Located in", false, 3)));

    /** name, type: "Paris" inside "University of Paris", "New York" crossing "York University", "Washington" twice. */
    private static final List<String[]> NAMES = List.of(
            new String[] {"Ann Lee", "Peop"}, new String[] {"University of Paris", "Org"}, new String[] {"Paris", "Loc"},
            new String[] {"Washington", "Loc"}, new String[] {"Washington", "Org"}, new String[] {"New York", "Loc"},
            new String[] {"York University", "Org"}, new String[] {"Mirror Inc.", "Org"});

    /** head name and type, relation, tail name and type; "Mirror Inc." is related to itself. */
    private static final List<String[]> RELATIONS = List.of(
            new String[] {"Ann Lee", "Peop", "Work_For", "University of Paris", "Org"},
            new String[] {"University of Paris", "Org", "Located_In", "Paris", "Loc"},
            new String[] {"Ann Lee", "Peop", "Live_In", "Washington", "Loc"},
            new String[] {"Ann Lee", "Peop", "Work_For", "Washington", "Org"},
            new String[] {"York University", "Org", "Located_In", "New York", "Loc"},
            new String[] {"Mirror Inc.", "Org", "Located_In", "Mirror Inc.", "Org"});

    @Override
    public TypeSystem types() {
        return TYPES;
    }

    @Override
    public List<SentencePrediction> predict(List<List<String>> sentences) {
        return sentences.stream().map(NestedGazetteerTagger::tag).toList();
    }

    private static SentencePrediction tag(List<String> words) {
        List<ScoredEntity> entities = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            for (int end = i + 1; end <= Math.min(words.size(), i + 3); end++) {
                String span = String.join(" ", words.subList(i, end));
                for (String[] name : NAMES) {
                    if (name[0].equals(span)) {
                        entities.add(new ScoredEntity(TYPES.entityType(name[1]), i, end, 0.9));
                        names.add(name[0] + "/" + name[1]);
                    }
                }
            }
        }
        List<ScoredRelation> relations = new ArrayList<>();
        for (String[] r : RELATIONS) {
            int head = names.indexOf(r[0] + "/" + r[1]);
            int tail = names.indexOf(r[3] + "/" + r[4]);
            if (head >= 0 && tail >= 0) {
                relations.add(new ScoredRelation(TYPES.relationType(r[2]), head, tail, 0.8));
            }
        }
        return new SentencePrediction(entities, relations);
    }
}
