package dev.spanrel.noise;

import dev.spanrel.SpanrelException;
import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.data.EntityType;
import dev.spanrel.data.RelationMention;
import dev.spanrel.data.RelationType;
import dev.spanrel.data.TypeSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Corrupts the types of gold labels through a {@code TransitionMatrix} (docs/method.md section 7): entity types flip
 * within the entity types, relation types within the relation types, each label independently. Spans, relation
 * endpoints, tokens, orig ids and document order stay as they are, and no label is added or removed, so "no
 * entity" and "no relation" are never created or flipped.
 *
 * <p>A flip that would make a mention repeat another one of its document (an entity with the same span and type;
 * a relation with the same endpoints and type, either direction for a symmetric type) is withheld and counted as
 * blocked: a repeated entity makes the file unreadable, and a repeated relation would silently drop a label
 * rather than change it.
 *
 * <p>Entity and relation draws come from two streams split off one seed, so the entity noise of a seed does not
 * depend on the relations and vice versa; the same seed and input give the same output.
 */
public final class LabelNoise {
    private final NoiseConfig config;
    private final TypeSystem types;
    private final TransitionMatrix entityMatrix;
    private final TransitionMatrix relationMatrix;

    /**
     * Noise of this configuration over the type system's entity and relation types.
     *
     * @param config the rate, seed and kind
     * @param types the types labels can flip between
     */
    public LabelNoise(NoiseConfig config, TypeSystem types) {
        this.config = config;
        this.types = types;
        this.entityMatrix = TransitionMatrix.of(config.kind(), config.rate(), types.entityTypeCount());
        this.relationMatrix = TransitionMatrix.of(config.kind(), config.rate(), types.relationTypeCount());
    }

    /**
     * Flips gold entity and relation types of the documents, spans kept, with draws from the configured seed.
     *
     * @param documents the clean training documents
     * @return the noisy copies and the report of what changed
     */
    public NoisyDocuments apply(List<Document> documents) {
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom entityDraws = root.split();
        SplittableRandom relationDraws = root.split();
        Tally entities = new Tally();
        Tally relations = new Tally();
        List<Document> noisy = new ArrayList<>(documents.size());
        for (int d = 0; d < documents.size(); d++) {
            Document doc = documents.get(d);
            noisy.add(new Document(doc.origId(), doc.tokens(), noisyEntities(doc, d, entityDraws, entities),
                    noisyRelations(doc, d, relationDraws, relations)));
        }
        NoiseReport report = new NoiseReport(config, entities.counts(), relations.counts(), notes());
        return new NoisyDocuments(noisy, report);
    }

    private List<EntityMention> noisyEntities(Document doc, int docIndex, SplittableRandom random, Tally tally) {
        List<EntityMention> current = new ArrayList<>(doc.entities());
        for (int e = 0; e < current.size(); e++) {
            EntityMention clean = current.get(e);
            int cleanIndex = checkedIndex(clean.type(), doc, docIndex, "entities[" + e + "]");
            int drawn = entityMatrix.sample(cleanIndex, random);
            tally.total++;
            if (drawn == cleanIndex) {
                continue;
            }
            EntityMention flipped = new EntityMention(types.entityType(drawn + 1), clean.start(), clean.end());
            if (repeats(current, e, flipped::equals)) {
                tally.blocked++;
            } else {
                current.set(e, flipped);
                tally.flipped++;
            }
        }
        return current;
    }

    private List<RelationMention> noisyRelations(Document doc, int docIndex, SplittableRandom random, Tally tally) {
        List<RelationMention> current = new ArrayList<>(doc.relations());
        for (int r = 0; r < current.size(); r++) {
            RelationMention clean = current.get(r);
            int cleanIndex = checkedIndex(clean.type(), doc, docIndex, "relations[" + r + "]");
            int drawn = relationMatrix.sample(cleanIndex, random);
            tally.total++;
            if (drawn == cleanIndex) {
                continue;
            }
            RelationMention flipped = new RelationMention(types.relationType(drawn + 1), clean.head(), clean.tail());
            if (repeats(current, r, other -> sameRelation(flipped, other))) {
                tally.blocked++;
            } else {
                current.set(r, flipped);
                tally.flipped++;
            }
        }
        return current;
    }

    /** Whether a mention other than the one at {@code self} matches. */
    private static <T> boolean repeats(List<T> mentions, int self, java.util.function.Predicate<T> matches) {
        for (int i = 0; i < mentions.size(); i++) {
            if (i != self && matches.test(mentions.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Relations the evaluator and the sampler treat as one: a symmetric type holds in both directions. */
    private static boolean sameRelation(RelationMention a, RelationMention b) {
        if (!a.type().equals(b.type())) {
            return false;
        }
        return (a.head() == b.head() && a.tail() == b.tail())
                || (a.type().symmetric() && a.head() == b.tail() && a.tail() == b.head());
    }

    private int checkedIndex(EntityType type, Document doc, int docIndex, String field) {
        if (type.index() > types.entityTypeCount() || !types.entityType(type.index()).equals(type)) {
            throw new SpanrelException(where(doc, docIndex) + field + ".type '" + type.name()
                    + "' is not an entity type of the type system the noise was built for");
        }
        return type.index() - 1;
    }

    private int checkedIndex(RelationType type, Document doc, int docIndex, String field) {
        if (type.index() > types.relationTypeCount() || !types.relationType(type.index()).equals(type)) {
            throw new SpanrelException(where(doc, docIndex) + field + ".type '" + type.name()
                    + "' is not a relation type of the type system the noise was built for");
        }
        return type.index() - 1;
    }

    private static String where(Document doc, int docIndex) {
        return "document " + docIndex + (doc.origId().isEmpty() ? "" : " (orig_id " + doc.origId() + ")") + ": ";
    }

    /** Why a type set cannot flip, when the rate asks for noise but there is nowhere to flip to. */
    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (config.rate() > 0) {
            note(notes, "entity", types.entityTypes().stream().map(EntityType::name).toList());
            note(notes, "relation", types.relationTypes().stream().map(RelationType::name).toList());
        }
        return notes;
    }

    private static void note(List<String> notes, String kind, List<String> names) {
        if (names.isEmpty()) {
            notes.add("there are no " + kind + " types, so no " + kind + " label can be flipped");
        } else if (names.size() == 1) {
            notes.add("there is only one " + kind + " type (" + names.get(0) + "), so " + kind
                    + " labels cannot be flipped: their realized noise rate is 0");
        }
    }

    /** Running counts while documents are processed. */
    private static final class Tally {
        int total;
        int flipped;
        int blocked;

        LabelCounts counts() {
            return new LabelCounts(total, flipped, blocked);
        }
    }
}
