package dev.spanrel.noise;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link LabelNoise} did: the configuration, the entity and relation label counts with their realized flip
 * rates, and notes for anything a reader should know (a type set that cannot flip, for one).
 *
 * @param config the configuration applied
 * @param entities what happened to the entity labels
 * @param relations what happened to the relation labels
 * @param notes what a reader should know besides the counts
 */
public record NoiseReport(NoiseConfig config, LabelCounts entities, LabelCounts relations, List<String> notes) {
    /**
     * Copies the notes.
     *
     * @param config the configuration applied
     * @param entities what happened to the entity labels
     * @param relations what happened to the relation labels
     * @param notes what a reader should know besides the counts
     */
    public NoiseReport {
        notes = List.copyOf(notes);
    }

    /**
     * The lines a command or a training log prints: one per label kind, then the notes.
     *
     * @return the lines
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(entities.describe("entities"));
        lines.add(relations.describe("relations"));
        notes.forEach(n -> lines.add("note: " + n));
        return List.copyOf(lines);
    }

    /**
     * The report as it goes into {@code results.json}.
     *
     * @return the JSON object
     */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("rate", config.rate());
        node.put("kind", config.kind().configName());
        node.put("seed", config.seed());
        node.set("entities", countsJson(entities));
        node.set("relations", countsJson(relations));
        notes.forEach(node.putArray("notes")::add);
        return node;
    }

    private static ObjectNode countsJson(LabelCounts counts) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("total", counts.total());
        node.put("flipped", counts.flipped());
        node.put("blocked", counts.blocked());
        node.put("realized_rate", counts.rate());
        return node;
    }
}
