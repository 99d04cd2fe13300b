package dev.spanrel.infer;

import java.util.List;

/**
 * One sentence (or chunk of a long sentence) with what was found in it. {@code [charStart, charEnd)} is its range
 * in the original input, from its first word's start to its last word's end.
 */
public record ExtractedSentence(
        List<String> tokens, int charStart, int charEnd, List<ExtractedEntity> entities, List<ExtractedRelation> relations) {
    public ExtractedSentence {
        tokens = List.copyOf(tokens);
        entities = List.copyOf(entities);
        relations = List.copyOf(relations);
    }
}
