package dev.spanrel.cli.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.infer.ExtractedSentence;
import java.io.IOException;
import java.util.List;

/**
 * Writes {@code predict}'s results in one output format (CoreNLP's outputters are the model): a unit of input at a
 * time, as it is extracted, so a large input streams. {@link OutputFormat} names the formats.
 */
public interface ResultWriter {
    /**
     * Writes the sentences extracted from one unit of input (a line of text, a JSON Lines record, a SpERT document).
     *
     * @param locator where the unit came from: {@code line} or {@code index}, and the {@code id} or {@code orig_id}
     *     the input gave it
     * @param sentences the unit's sentences, in order
     * @throws IOException if the output cannot be written
     */
    void write(ObjectNode locator, List<ExtractedSentence> sentences) throws IOException;

    /**
     * Completes the output after the last unit (a format with a closing bracket writes it) and flushes it.
     *
     * @throws IOException if the output cannot be written
     */
    void finish() throws IOException;
}
