package dev.spanrel.data;

/**
 * An entity type of a {@link TypeSystem}. {@code index} runs from 1; index 0 is reserved for "no entity", the
 * extra class of the entity classifier.
 */
public record EntityType(String name, String shortName, String verboseName, int index) {
    public EntityType {
        if (index < 1) {
            throw new IllegalArgumentException("entity type index starts at 1 (0 means no entity): " + index);
        }
    }
}
