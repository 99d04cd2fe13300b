package dev.spanrel.data;

/**
 * An entity type of a {@link TypeSystem}. {@code index} runs from 1; index 0 is reserved for "no entity", the
 * extra class of the entity classifier.
 *
 * @param name the name data files use
 * @param shortName a short name for displays
 * @param verboseName a descriptive name
 * @param index the type's index, from 1 (0 is "no entity")
 */
public record EntityType(String name, String shortName, String verboseName, int index) {
    /**
     * Checks that the index is 1 or more.
     *
     * @param name the name data files use
     * @param shortName a short name for displays
     * @param verboseName a descriptive name
     * @param index the type's index, from 1 (0 is "no entity")
     */
    public EntityType {
        if (index < 1) {
            throw new IllegalArgumentException("entity type index starts at 1 (0 means no entity): " + index);
        }
    }
}
