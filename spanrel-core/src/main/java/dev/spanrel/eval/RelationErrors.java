package dev.spanrel.eval;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Where the strict relation errors come from: a missed gold relation either had both of its entities predicted
 * right (span and type) or not, and a spurious prediction either joins two gold entities or involves a span that is
 * not one. This separates what the relation classifier gets wrong from what entity errors cost it, which the F1 alone
 * cannot show. The {@link Evaluator} counts it with the scores, over the same per-document sets.
 *
 * @param gold gold relations
 * @param found gold relations predicted exactly (the strict true positives)
 * @param missedBetweenRightEntities missed although both entities were predicted right, and no relation was
 *     predicted between them in either direction
 * @param missedWrongTypeOrDirection missed although both entities were predicted right, with a relation predicted
 *     between them of another type or in the other direction
 * @param missedEntityWrong missed because the head or the tail was not predicted right
 * @param spuriousBetweenGoldEntities predicted relations, not in gold, whose two entities are gold entities
 * @param spuriousWithNonGoldEntity predicted relations, not in gold, whose head or tail is not a gold entity
 */
public record RelationErrors(
        int gold,
        int found,
        int missedBetweenRightEntities,
        int missedWrongTypeOrDirection,
        int missedEntityWrong,
        int spuriousBetweenGoldEntities,
        int spuriousWithNonGoldEntity) {

    /** No relations at all: the start of a sum over documents. */
    public static final RelationErrors NONE = new RelationErrors(0, 0, 0, 0, 0, 0, 0);

    /**
     * The missed gold relations, whatever the reason.
     *
     * @return the three missed counts added up
     */
    public int missed() {
        return missedBetweenRightEntities + missedWrongTypeOrDirection + missedEntityWrong;
    }

    /**
     * The spurious predictions, whatever the reason.
     *
     * @return the two spurious counts added up
     */
    public int spurious() {
        return spuriousBetweenGoldEntities + spuriousWithNonGoldEntity;
    }

    RelationErrors plus(RelationErrors o) {
        return new RelationErrors(gold + o.gold, found + o.found,
                missedBetweenRightEntities + o.missedBetweenRightEntities,
                missedWrongTypeOrDirection + o.missedWrongTypeOrDirection,
                missedEntityWrong + o.missedEntityWrong,
                spuriousBetweenGoldEntities + o.spuriousBetweenGoldEntities,
                spuriousWithNonGoldEntity + o.spuriousWithNonGoldEntity);
    }

    /**
     * The counts as JSON: {@code gold}, {@code found}, and {@code missed} and {@code spurious} objects of counts.
     *
     * @return the JSON object
     */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("gold", gold);
        node.put("found", found);
        ObjectNode missed = node.putObject("missed");
        missed.put("between_right_entities", missedBetweenRightEntities);
        missed.put("wrong_type_or_direction", missedWrongTypeOrDirection);
        missed.put("entity_wrong", missedEntityWrong);
        ObjectNode spurious = node.putObject("spurious");
        spurious.put("between_gold_entities", spuriousBetweenGoldEntities);
        spurious.put("with_non_gold_entity", spuriousWithNonGoldEntity);
        return node;
    }

    /**
     * The counts as a table for people: the totals, then one line per kind of missed or spurious relation.
     *
     * @return the table's lines
     */
    public String toTable() {
        StringBuilder out = new StringBuilder("Relation errors, strict: where the missed and the spurious relations come from\n");
        out.append(String.format(Locale.ROOT, "gold relations %d, found %d, missed %d, spurious %d%n", gold, found, missed(), spurious()));
        row(out, "missed, both entities right, not paired", missedBetweenRightEntities);
        row(out, "missed, both entities right, other type or direction", missedWrongTypeOrDirection);
        row(out, "missed, an entity wrong", missedEntityWrong);
        row(out, "spurious, between two gold entities", spuriousBetweenGoldEntities);
        row(out, "spurious, with a non-gold entity", spuriousWithNonGoldEntity);
        return out.toString();
    }

    private static void row(StringBuilder out, String what, int count) {
        out.append(String.format(Locale.ROOT, "  %-54s %6d%n", what, count));
    }
}
