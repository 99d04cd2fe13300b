package dev.spanrel.infer;

import java.util.List;

/**
 * What was extracted from one input text, sentence by sentence in reading order.
 *
 * @param sentences the sentences in reading order
 */
public record ExtractionResult(List<ExtractedSentence> sentences) {
    /**
     * Copies the sentences.
     *
     * @param sentences the sentences in reading order
     */
    public ExtractionResult {
        sentences = List.copyOf(sentences);
    }

    /**
     * How many entities all sentences hold together.
     *
     * @return the sum of the sentences' entity counts
     */
    public int entityCount() {
        return sentences.stream().mapToInt(s -> s.entities().size()).sum();
    }

    /**
     * How many relations all sentences hold together.
     *
     * @return the sum of the sentences' relation counts
     */
    public int relationCount() {
        return sentences.stream().mapToInt(s -> s.relations().size()).sum();
    }
}
