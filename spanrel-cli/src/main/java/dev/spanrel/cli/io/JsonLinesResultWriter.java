package dev.spanrel.cli.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.infer.ExtractedSentence;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** {@link OutputFormat#jsonl}: the locator's fields, then {@code "sentences"} in {@link ResultJson}'s shape, a line each. */
final class JsonLinesResultWriter implements ResultWriter {
    private final BufferedWriter out;

    JsonLinesResultWriter(Writer out) {
        this.out = new BufferedWriter(out);
    }

    @Override
    public void write(ObjectNode locator, List<ExtractedSentence> sentences) throws IOException {
        ObjectNode record = locator.deepCopy();
        record.setAll(ResultJson.sentences(sentences));
        out.write(ResultJson.MAPPER.writeValueAsString(record));
        out.newLine();
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }
}
