package dev.spanrel.cli.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.infer.ExtractedEntity;
import dev.spanrel.infer.ExtractedRelation;
import dev.spanrel.infer.ExtractedSentence;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * {@link OutputFormat#spert}: a JSON array of SpERT documents, one per sentence and one per line, with word-index
 * entity spans ({@code end} exclusive) and relations between entity indices; scores and character offsets are not
 * part of the format. The input's {@code orig_id} (SpERT input) or {@code id} (JSON Lines), where it is a string or
 * an integer, becomes each of its sentences' {@code orig_id}.
 */
final class SpertResultWriter implements ResultWriter {
    private final BufferedWriter out;
    private boolean first = true;

    SpertResultWriter(Writer out) {
        this.out = new BufferedWriter(out);
    }

    @Override
    public void write(ObjectNode locator, List<ExtractedSentence> sentences) throws IOException {
        JsonNode id = locator.has("orig_id") ? locator.get("orig_id") : locator.get("id");
        for (ExtractedSentence sentence : sentences) {
            out.write(first ? "[\n" : ",\n");
            first = false;
            out.write(ResultJson.MAPPER.writeValueAsString(document(sentence, id)));
        }
    }

    private static ObjectNode document(ExtractedSentence sentence, JsonNode id) {
        ObjectNode doc = ResultJson.MAPPER.createObjectNode();
        ArrayNode tokens = doc.putArray("tokens");
        sentence.tokens().forEach(tokens::add);
        ArrayNode entities = doc.putArray("entities");
        for (ExtractedEntity e : sentence.entities()) {
            entities.addObject().put("type", e.type()).put("start", e.start()).put("end", e.end());
        }
        ArrayNode relations = doc.putArray("relations");
        for (ExtractedRelation r : sentence.relations()) {
            relations.addObject().put("type", r.type()).put("head", r.head()).put("tail", r.tail());
        }
        if (id != null && (id.isTextual() || id.isIntegralNumber())) {
            doc.set("orig_id", id);
        }
        return doc;
    }

    @Override
    public void finish() throws IOException {
        out.write(first ? "[]\n" : "\n]\n");
        out.flush();
    }
}
