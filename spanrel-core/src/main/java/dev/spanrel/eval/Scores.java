package dev.spanrel.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scores of one block (entities, or relations in one setting): micro (pooled counts), macro (unweighted mean
 * over the types present) and per type, in type-system order, for the types that occur in gold or predictions.
 *
 * @param micro scores of the pooled counts
 * @param macro the unweighted mean over the types present
 * @param perType scores by type name, in type-system order
 */
public record Scores(Prf micro, Prf macro, Map<String, Prf> perType) {
    /**
     * Keeps the per-type scores in type-system order.
     *
     * @param micro scores of the pooled counts
     * @param macro the unweighted mean over the types present
     * @param perType scores by type name, in type-system order
     */
    public Scores {
        // A copy that keeps the type-system order.
        perType = Collections.unmodifiableMap(new LinkedHashMap<>(perType));
    }
}
