package dev.spanrel.infer;

import java.util.List;

/** What was extracted from one input text, sentence by sentence in reading order. */
public record ExtractionResult(List<ExtractedSentence> sentences) {
    public ExtractionResult {
        sentences = List.copyOf(sentences);
    }

    /** How many entities all sentences hold together. */
    public int entityCount() {
        return sentences.stream().mapToInt(s -> s.entities().size()).sum();
    }

    /** How many relations all sentences hold together. */
    public int relationCount() {
        return sentences.stream().mapToInt(s -> s.relations().size()).sum();
    }
}
