package dev.spanrel.model;

import dev.spanrel.data.Document;
import dev.spanrel.text.EncodedSentence;

/**
 * A document with its sub-token encoding: {@code [CLS] pieces… [SEP]} and, per word, the sub-token range
 * {@code [wordStarts[w], wordEnds[w])}. Spans are handled in words; the encoder sees sub-tokens.
 */
public record EncodedDocument(Document document, EncodedSentence encoding) {
    public int wordCount() {
        return document.tokens().size();
    }

    public int subTokenCount() {
        return encoding.ids().length;
    }

    /** Most pieces any single word of this document has. */
    public int maxPiecesPerWord() {
        int max = 1;
        for (int w = 0; w < wordCount(); w++) {
            max = Math.max(max, encoding.wordEnds()[w] - encoding.wordStarts()[w]);
        }
        return max;
    }
}
