package dev.spanrel.cli.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.infer.ExtractedEntity;
import dev.spanrel.infer.ExtractedRelation;
import dev.spanrel.infer.ExtractedSentence;
import dev.spanrel.infer.ExtractionResult;
import java.util.List;

/**
 * The JSON shape of extraction results, shared by {@code predict} and the HTTP service so both speak the same
 * language: {@code {"sentences": [{"tokens", "char_start", "char_end", "entities": [{"type", "start", "end",
 * "text", "char_start", "char_end", "score"}], "relations": [{"type", "head", "tail", "score"}]}]}}.
 */
public final class ResultJson {
    /** The one mapper of the extraction results' JSON (thread-safe once configured). */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultJson() {}

    /**
     * A text's result, {@code {"sentences": [...]}}.
     *
     * @param result the extraction of one text
     * @return its JSON
     */
    public static ObjectNode result(ExtractionResult result) {
        return sentences(result.sentences());
    }

    /**
     * Sentences as {@code {"sentences": [...]}}.
     *
     * @param sentences extracted sentences
     * @return their JSON
     */
    public static ObjectNode sentences(List<ExtractedSentence> sentences) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode array = node.putArray("sentences");
        sentences.forEach(s -> array.add(sentence(s)));
        return node;
    }

    /**
     * One sentence: its tokens, offsets, entities and relations.
     *
     * @param sentence an extracted sentence
     * @return its JSON
     */
    public static ObjectNode sentence(ExtractedSentence sentence) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode tokens = node.putArray("tokens");
        sentence.tokens().forEach(tokens::add);
        node.put("char_start", sentence.charStart());
        node.put("char_end", sentence.charEnd());
        ArrayNode entities = node.putArray("entities");
        for (ExtractedEntity e : sentence.entities()) {
            entities.addObject()
                    .put("type", e.type())
                    .put("start", e.start())
                    .put("end", e.end())
                    .put("text", e.text())
                    .put("char_start", e.charStart())
                    .put("char_end", e.charEnd())
                    .put("score", e.score());
        }
        ArrayNode relations = node.putArray("relations");
        for (ExtractedRelation r : sentence.relations()) {
            relations.addObject().put("type", r.type()).put("head", r.head()).put("tail", r.tail()).put("score", r.score());
        }
        return node;
    }

    /**
     * The body of an error answer, {@code {"error": message}}.
     *
     * @param message what went wrong
     * @return its JSON
     */
    public static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }
}
