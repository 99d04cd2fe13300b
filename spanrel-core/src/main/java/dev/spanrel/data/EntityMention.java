package dev.spanrel.data;

/** An entity in a document: a word span {@code [start, end)} and its type. */
public record EntityMention(EntityType type, int start, int end) {
    public int width() {
        return end - start;
    }

    public boolean overlaps(EntityMention other) {
        return start < other.end && other.start < end;
    }
}
