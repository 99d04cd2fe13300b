package dev.spanrel.infer;

import java.util.List;

/**
 * One sentence (or chunk of a long sentence) with what was found in it. {@code [charStart, charEnd)} is its range
 * in the original input, from its first word's start to its last word's end.
 *
 * @param tokens the words
 * @param charStart where the sentence starts in the input
 * @param charEnd where it ends (exclusive)
 * @param entities the entities, with character offsets
 * @param relations the relations, indexing {@code entities}
 */
public record ExtractedSentence(
        List<String> tokens, int charStart, int charEnd, List<ExtractedEntity> entities, List<ExtractedRelation> relations) {
    /**
     * Copies the lists.
     *
     * @param tokens the words
     * @param charStart where the sentence starts in the input
     * @param charEnd where it ends (exclusive)
     * @param entities the entities, with character offsets
     * @param relations the relations, indexing {@code entities}
     */
    public ExtractedSentence {
        tokens = List.copyOf(tokens);
        entities = List.copyOf(entities);
        relations = List.copyOf(relations);
    }
}
