package dev.spanrel.data;

/**
 * A relation type of a {@link TypeSystem}. {@code index} runs from 1, as in SpERT; the relation classifier has
 * no "none" output, so its output {@code index - 1} belongs to this type. A symmetric type holds in both
 * directions: data files keep the direction they store, and evaluation compares it with the earlier entity as
 * head.
 *
 * @param name the name data files use
 * @param shortName a short name for displays
 * @param verboseName a descriptive name
 * @param symmetric whether the relation holds in both directions
 * @param index the type's index, from 1
 */
public record RelationType(String name, String shortName, String verboseName, boolean symmetric, int index) {
    /**
     * Checks that the index is 1 or more.
     *
     * @param name the name data files use
     * @param shortName a short name for displays
     * @param verboseName a descriptive name
     * @param symmetric whether the relation holds in both directions
     * @param index the type's index, from 1
     */
    public RelationType {
        if (index < 1) {
            throw new IllegalArgumentException("relation type index starts at 1: " + index);
        }
    }
}
