package dev.spanrel.model;

import dev.spanrel.data.Document;
import dev.spanrel.text.EncodedSentence;

/**
 * A document with its sub-token encoding: {@code [CLS] pieces… [SEP]} and, per word, the sub-token range
 * {@code [wordStarts[w], wordEnds[w])}. Spans are handled in words; the encoder sees sub-tokens.
 */
public record EncodedDocument(Document document, EncodedSentence encoding) {
    /**
     * The number of words.
     *
     * @return the document's token count
     */
    public int wordCount() {
        return document.tokens().size();
    }

    /**
     * The number of sub-tokens, {@code [CLS]} and {@code [SEP]} included.
     *
     * @return the encoding's length
     */
    public int subTokenCount() {
        return encoding.ids().length;
    }

    /**
     * Most pieces any single word of this document has.
     *
     * @return at least 1
     */
    public int maxPiecesPerWord() {
        int max = 1;
        for (int w = 0; w < wordCount(); w++) {
            max = Math.max(max, encoding.wordEnds()[w] - encoding.wordStarts()[w]);
        }
        return max;
    }
}
