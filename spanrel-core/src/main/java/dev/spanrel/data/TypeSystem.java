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

    public static TypeSystem of(List<EntityType> entityTypes, List<RelationType> relationTypes) {
        return new TypeSystem(entityTypes, relationTypes);
    }

    public List<EntityType> entityTypes() {
        return entityTypes;
    }

    public List<RelationType> relationTypes() {
        return relationTypes;
    }

    public int entityTypeCount() {
        return entityTypes.size();
    }

    public int relationTypeCount() {
        return relationTypes.size();
    }

    public Optional<EntityType> findEntityType(String name) {
        return Optional.ofNullable(entitiesByName.get(name));
    }

    public Optional<RelationType> findRelationType(String name) {
        return Optional.ofNullable(relationsByName.get(name));
    }

    public EntityType entityType(String name) {
        return findEntityType(name)
                .orElseThrow(() -> new SpanrelException("unknown entity type '" + name + "'; known: " + entitiesByName.keySet()));
    }

    public RelationType relationType(String name) {
        return findRelationType(name)
                .orElseThrow(() -> new SpanrelException("unknown relation type '" + name + "'; known: " + relationsByName.keySet()));
    }

    /** The entity type with this index (1-based). */
    public EntityType entityType(int index) {
        return entityTypes.get(index - 1);
    }

    /** The relation type with this index (1-based). */
    public RelationType relationType(int index) {
        return relationTypes.get(index - 1);
    }
}
