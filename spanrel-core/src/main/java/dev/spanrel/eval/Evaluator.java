package dev.spanrel.eval;

import dev.spanrel.SpanrelException;
import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.data.EntityType;
import dev.spanrel.data.RelationMention;
import dev.spanrel.data.RelationType;
import dev.spanrel.data.TypeSystem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scores predictions against gold exactly as SpERT's evaluator does ({@code spert/evaluator.py}): entities
 * {@code (start, end, type)}; relations {@code ((hs, he, htype), (ts, te, ttype), rtype)} strict, and with the
 * entity types replaced by one pseudo type for the boundaries setting. Symmetric relations are compared in
 * canonical order (the entity that starts first, then ends first, is the head), in gold and predictions alike.
 * Per document, gold and predicted units are sets. Word offsets give the same counts as SpERT's sub-token offsets
 * because the mapping between them is one-to-one on word boundaries.
 *
 * <p>With {@code dropOverlapping} (SpERT's {@code no_overlapping}, for ADE's "without overlap" numbers), each
 * list, gold and predicted separately, loses every entity that overlaps another entity of that list, and every
 * relation whose head and tail overlap each other; relations are not dropped because one of their entities was.
 */
public final class Evaluator {
    /** The type given to every entity in the boundaries setting. */
    private static final int PSEUDO_ENTITY_TYPE = 0;

    private final TypeSystem types;
    private final boolean dropOverlapping;

    /**
     * An evaluator of these types.
     *
     * @param types the type system the documents use
     * @param dropOverlapping whether to drop overlapping entities (and their relations) from gold and predictions
     *     first, as SpERT's {@code --no_overlapping} does
     */
    public Evaluator(TypeSystem types, boolean dropOverlapping) {
        this.types = types;
        this.dropOverlapping = dropOverlapping;
    }

    /**
     * The evaluator of SpERT's default setting, which keeps overlapping entities.
     *
     * @param types the type system the documents use
     * @return the evaluator
     */
    public static Evaluator of(TypeSystem types) {
        return new Evaluator(types, false);
    }

    private record Span(int start, int end, int type) {
        boolean overlaps(Span other) {
            // As SpERT's _check_overlap: an identical tuple does not count as overlapping itself.
            return !equals(other) && start < other.end && other.start < end;
        }

        boolean before(Span other) {
            return start != other.start ? start < other.start : end < other.end;
        }

        Span withoutType() {
            return new Span(start, end, PSEUDO_ENTITY_TYPE);
        }
    }

    private record Relation(Span head, Span tail, int type) {
        Relation withoutEntityTypes() {
            return new Relation(head.withoutType(), tail.withoutType(), type);
        }

        /** Whether this relation is between these two entities, in either direction. */
        boolean joins(Span a, Span b) {
            return head.equals(a) && tail.equals(b) || head.equals(b) && tail.equals(a);
        }
    }

    /** One document's units, after canonical ordering and the overlap filter. */
    private record Units(Set<Span> entities, Set<Relation> strict, Set<Relation> boundaries) {}

    /**
     * Scores predictions against gold, document by document: entities, relations strict and boundaries, and the strict
     * relation errors.
     *
     * @param gold the annotated documents
     * @param predicted one prediction per gold document, in the same order and with the same tokens
     * @return the scores
     */
    public Evaluation evaluate(List<Document> gold, List<Document> predicted) {
        if (gold.size() != predicted.size()) {
            throw new SpanrelException("gold has " + gold.size() + " documents but the predictions have "
                    + predicted.size() + "; they must align one to one");
        }
        Tally entities = new Tally(types.entityTypeCount());
        Tally strict = new Tally(types.relationTypeCount());
        Tally boundaries = new Tally(types.relationTypeCount());
        RelationErrors errors = RelationErrors.NONE;
        for (int i = 0; i < gold.size(); i++) {
            Document g = gold.get(i);
            Document p = predicted.get(i);
            if (!g.tokens().equals(p.tokens())) {
                throw new SpanrelException("document " + i + describeId(g) + ": the prediction's tokens differ from gold ("
                        + g.tokens().size() + " gold tokens, " + p.tokens().size() + " predicted); the lists must align");
            }
            Units goldUnits = units(g);
            Units predictedUnits = units(p);
            entities.add(goldUnits.entities(), predictedUnits.entities(), Span::type);
            strict.add(goldUnits.strict(), predictedUnits.strict(), Relation::type);
            boundaries.add(goldUnits.boundaries(), predictedUnits.boundaries(), Relation::type);
            errors = errors.plus(relationErrors(goldUnits, predictedUnits));
        }
        List<String> entityNames = types.entityTypes().stream().map(EntityType::name).toList();
        List<String> relationNames = types.relationTypes().stream().map(RelationType::name).toList();
        return new Evaluation(entities.scores(entityNames), strict.scores(relationNames), boundaries.scores(relationNames), errors);
    }

    private static RelationErrors relationErrors(Units gold, Units predicted) {
        int found = 0;
        int notPaired = 0;
        int otherTypeOrDirection = 0;
        int entityWrong = 0;
        for (Relation r : gold.strict()) {
            if (predicted.strict().contains(r)) {
                found++;
            } else if (!predicted.entities().contains(r.head()) || !predicted.entities().contains(r.tail())) {
                entityWrong++;
            } else if (predicted.strict().stream().anyMatch(q -> q.joins(r.head(), r.tail()))) {
                otherTypeOrDirection++;
            } else {
                notPaired++;
            }
        }
        int betweenGold = 0;
        int withNonGold = 0;
        for (Relation q : predicted.strict()) {
            if (gold.strict().contains(q)) {
                continue;
            }
            if (gold.entities().contains(q.head()) && gold.entities().contains(q.tail())) {
                betweenGold++;
            } else {
                withNonGold++;
            }
        }
        return new RelationErrors(gold.strict().size(), found, notPaired, otherTypeOrDirection, entityWrong, betweenGold, withNonGold);
    }

    private Units units(Document doc) {
        List<Span> spans = new ArrayList<>(doc.entities().size());
        for (EntityMention e : doc.entities()) {
            spans.add(new Span(e.start(), e.end(), types.entityType(e.type().name()).index()));
        }
        List<Relation> relations = new ArrayList<>(doc.relations().size());
        for (RelationMention r : doc.relations()) {
            RelationType type = types.relationType(r.type().name());
            Span head = spans.get(r.head());
            Span tail = spans.get(r.tail());
            if (type.symmetric() && tail.before(head)) {
                Span swap = head;
                head = tail;
                tail = swap;
            }
            relations.add(new Relation(head, tail, type.index()));
        }
        if (dropOverlapping) {
            List<Span> all = spans;
            spans = all.stream().filter(s -> all.stream().noneMatch(s::overlaps)).toList();
            relations = relations.stream().filter(r -> !r.head().overlaps(r.tail())).toList();
        }
        Set<Relation> boundaries = new HashSet<>();
        relations.forEach(r -> boundaries.add(r.withoutEntityTypes()));
        return new Units(new HashSet<>(spans), new HashSet<>(relations), boundaries);
    }

    private static String describeId(Document doc) {
        return doc.origId().isEmpty() ? "" : " (orig_id " + doc.origId() + ")";
    }
}
