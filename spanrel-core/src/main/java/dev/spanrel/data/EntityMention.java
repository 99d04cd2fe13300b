package dev.spanrel.data;

/** An entity in a document: a word span {@code [start, end)} and its type. */
public record EntityMention(EntityType type, int start, int end) {
    /**
     * The number of words the entity covers.
     *
     * @return {@code end - start}
     */
    public int width() {
        return end - start;
    }

    /**
     * Whether the two entities share at least one word.
     *
     * @param other another entity of the same document
     * @return true when the spans overlap
     */
    public boolean overlaps(EntityMention other) {
        return start < other.end && other.start < end;
    }
}
