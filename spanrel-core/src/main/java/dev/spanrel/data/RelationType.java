package dev.spanrel.data;

/**
 * A relation type of a {@link TypeSystem}. {@code index} runs from 1, as in SpERT; the relation classifier has
 * no "none" output, so its output {@code index - 1} belongs to this type. A symmetric type holds in both
 * directions: data files keep the direction they store, and evaluation compares it with the earlier entity as
 * head.
 */
public record RelationType(String name, String shortName, String verboseName, boolean symmetric, int index) {
    public RelationType {
        if (index < 1) {
            throw new IllegalArgumentException("relation type index starts at 1: " + index);
        }
    }
}
