package dev.spanrel.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scores of one block (entities, or relations in one setting): micro (pooled counts), macro (unweighted mean
 * over the types present) and per type, in type-system order, for the types that occur in gold or predictions.
 */
public record Scores(Prf micro, Prf macro, Map<String, Prf> perType) {
    public Scores {
        // A copy that keeps the type-system order.
        perType = Collections.unmodifiableMap(new LinkedHashMap<>(perType));
    }
}
