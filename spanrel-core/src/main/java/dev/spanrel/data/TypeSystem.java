package dev.spanrel.data;

import dev.spanrel.SpanrelException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The entity and relation types of a data set or model, in a fixed order that gives each its index. */
public final class TypeSystem {
    private final List<EntityType> entityTypes;
    private final List<RelationType> relationTypes;
    private final Map<String, EntityType> entitiesByName = new LinkedHashMap<>();
    private final Map<String, RelationType> relationsByName = new LinkedHashMap<>();

    private TypeSystem(List<EntityType> entityTypes, List<RelationType> relationTypes) {
        this.entityTypes = List.copyOf(entityTypes);
        this.relationTypes = List.copyOf(relationTypes);
        for (int i = 0; i < this.entityTypes.size(); i++) {
            EntityType t = this.entityTypes.get(i);
            if (t.index() != i + 1) {
                throw new IllegalArgumentException("entity type " + t.name() + " must have index " + (i + 1));
            }
            if (entitiesByName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("duplicate entity type " + t.name());
            }
        }
        for (int i = 0; i < this.relationTypes.size(); i++) {
            RelationType t = this.relationTypes.get(i);
            if (t.index() != i + 1) {
                throw new IllegalArgumentException("relation type " + t.name() + " must have index " + (i + 1));
            }
            if (relationsByName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("duplicate relation type " + t.name());
            }
        }
    }

    /**
     * A type system of these types, whose indices must be 1, 2, ... in list order and whose names must be unique.
     *
     * @param entityTypes the entity types in index order
     * @param relationTypes the relation types in index order
     * @return the type system
     */
    public static TypeSystem of(List<EntityType> entityTypes, List<RelationType> relationTypes) {
        return new TypeSystem(entityTypes, relationTypes);
    }

    /**
     * The entity types in index order.
     *
     * @return an unmodifiable list
     */
    public List<EntityType> entityTypes() {
        return entityTypes;
    }

    /**
     * The relation types in index order.
     *
     * @return an unmodifiable list
     */
    public List<RelationType> relationTypes() {
        return relationTypes;
    }

    /**
     * How many entity types there are (not counting "no entity").
     *
     * @return the count
     */
    public int entityTypeCount() {
        return entityTypes.size();
    }

    /**
     * How many relation types there are.
     *
     * @return the count
     */
    public int relationTypeCount() {
        return relationTypes.size();
    }

    /**
     * The entity type of this name, if there is one.
     *
     * @param name the type's name as the types file writes it
     * @return the type, or empty
     */
    public Optional<EntityType> findEntityType(String name) {
        return Optional.ofNullable(entitiesByName.get(name));
    }

    /**
     * The relation type of this name, if there is one.
     *
     * @param name the type's name as the types file writes it
     * @return the type, or empty
     */
    public Optional<RelationType> findRelationType(String name) {
        return Optional.ofNullable(relationsByName.get(name));
    }

    /**
     * The entity type of this name; fails with the known names when there is none.
     *
     * @param name the type's name as the types file writes it
     * @return the type
     */
    public EntityType entityType(String name) {
        return findEntityType(name)
                .orElseThrow(() -> new SpanrelException("unknown entity type '" + name + "'; known: " + entitiesByName.keySet()));
    }

    /**
     * The relation type of this name; fails with the known names when there is none.
     *
     * @param name the type's name as the types file writes it
     * @return the type
     */
    public RelationType relationType(String name) {
        return findRelationType(name)
                .orElseThrow(() -> new SpanrelException("unknown relation type '" + name + "'; known: " + relationsByName.keySet()));
    }

    /**
     * The entity type with this index (1-based).
     *
     * @param index from 1 to {@link #entityTypeCount()}
     * @return the type
     */
    public EntityType entityType(int index) {
        return entityTypes.get(index - 1);
    }

    /**
     * The relation type with this index (1-based).
     *
     * @param index from 1 to {@link #relationTypeCount()}
     * @return the type
     */
    public RelationType relationType(int index) {
        return relationTypes.get(index - 1);
    }
}
