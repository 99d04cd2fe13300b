package dev.spanrel.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a span model needs to know about a data set: sizes, per-type counts, how many entity pairs overlap (nested:
 * one span inside the other, which a flat tagger cannot represent; crossing: partial overlap), and how many
 * entities are wider than the model's span limit (those cap recall).
 *
 * @param entitiesPerType   in type-system order, every type, zero included
 * @param relationsPerType  in type-system order, every type, zero included
 * @param maxWidth          the span limit {@code widerThanMaxWidth} was counted against
 * @param documents the number of documents
 * @param tokens the number of words
 * @param entities the number of entity mentions
 * @param relations the number of relation mentions
 * @param nestedPairs pairs of entities of a document where one span lies inside the other
 * @param crossingPairs pairs of entities of a document that overlap partially
 * @param widerThanMaxWidth entities wider than {@code maxWidth} words
 * @param longestDocument the most words of any document
 * @param longestEntity the most words of any entity
 */
public record DatasetStats(
        int documents,
        long tokens,
        int entities,
        int relations,
        Map<String, Integer> entitiesPerType,
        Map<String, Integer> relationsPerType,
        int nestedPairs,
        int crossingPairs,
        int maxWidth,
        int widerThanMaxWidth,
        int longestDocument,
        int longestEntity) {

    /** SpERT's default {@code max_span_size}. */
    public static final int DEFAULT_MAX_WIDTH = 10;

    /**
     * Keeps the per-type counts in type-system order.
     *
     * @param documents the number of documents
     * @param tokens the number of words
     * @param entities the number of entity mentions
     * @param relations the number of relation mentions
     * @param entitiesPerType in type-system order, every type, zero included
     * @param relationsPerType in type-system order, every type, zero included
     * @param nestedPairs pairs of entities of a document where one span lies inside the other
     * @param crossingPairs pairs of entities of a document that overlap partially
     * @param maxWidth the span limit {@code widerThanMaxWidth} was counted against
     * @param widerThanMaxWidth entities wider than {@code maxWidth} words
     * @param longestDocument the most words of any document
     * @param longestEntity the most words of any entity
     */
    public DatasetStats {
        // Copies that keep the type-system order (Map.copyOf would not).
        entitiesPerType = Collections.unmodifiableMap(new LinkedHashMap<>(entitiesPerType));
        relationsPerType = Collections.unmodifiableMap(new LinkedHashMap<>(relationsPerType));
    }

    /**
     * The statistics of documents with SpERT's default span limit, {@value #DEFAULT_MAX_WIDTH} words.
     *
     * @param docs the documents
     * @param types their type system, which orders the per-type counts
     * @return the counts
     */
    public static DatasetStats of(List<Document> docs, TypeSystem types) {
        return of(docs, types, DEFAULT_MAX_WIDTH);
    }

    /**
     * The statistics of documents, counting the entities wider than {@code maxWidth} words (which a span model with
     * that limit cannot find).
     *
     * @param docs the documents
     * @param types their type system, which orders the per-type counts
     * @param maxWidth the span limit in words
     * @return the counts
     */
    public static DatasetStats of(List<Document> docs, TypeSystem types, int maxWidth) {
        Map<String, Integer> entitiesPerType = zeroCounts(types.entityTypes().stream().map(EntityType::name).toList());
        Map<String, Integer> relationsPerType = zeroCounts(types.relationTypes().stream().map(RelationType::name).toList());
        long tokens = 0;
        int entities = 0;
        int relations = 0;
        int nested = 0;
        int crossing = 0;
        int wide = 0;
        int longestDocument = 0;
        int longestEntity = 0;
        for (Document doc : docs) {
            tokens += doc.tokens().size();
            longestDocument = Math.max(longestDocument, doc.tokens().size());
            List<EntityMention> mentions = doc.entities();
            for (int i = 0; i < mentions.size(); i++) {
                EntityMention a = mentions.get(i);
                entities++;
                entitiesPerType.merge(a.type().name(), 1, Integer::sum);
                longestEntity = Math.max(longestEntity, a.width());
                if (a.width() > maxWidth) {
                    wide++;
                }
                for (int j = i + 1; j < mentions.size(); j++) {
                    EntityMention b = mentions.get(j);
                    if (!a.overlaps(b)) {
                        continue;
                    }
                    if (contains(a, b) || contains(b, a)) {
                        nested++;
                    } else {
                        crossing++;
                    }
                }
            }
            for (RelationMention r : doc.relations()) {
                relations++;
                relationsPerType.merge(r.type().name(), 1, Integer::sum);
            }
        }
        return new DatasetStats(docs.size(), tokens, entities, relations, entitiesPerType, relationsPerType,
                nested, crossing, maxWidth, wide, longestDocument, longestEntity);
    }

    /**
     * The statistics of both data sets together (e.g. all splits); both must use the same span limit.
     *
     * @param other the statistics of other documents, with the same span limit
     * @return the sums (and maxima) of both
     */
    public DatasetStats plus(DatasetStats other) {
        if (other.maxWidth != maxWidth) {
            throw new IllegalArgumentException("cannot add statistics counted with span limits " + maxWidth
                    + " and " + other.maxWidth);
        }
        return new DatasetStats(documents + other.documents, tokens + other.tokens, entities + other.entities,
                relations + other.relations, sum(entitiesPerType, other.entitiesPerType),
                sum(relationsPerType, other.relationsPerType), nestedPairs + other.nestedPairs,
                crossingPairs + other.crossingPairs, maxWidth, widerThanMaxWidth + other.widerThanMaxWidth,
                Math.max(longestDocument, other.longestDocument), Math.max(longestEntity, other.longestEntity));
    }

    private static boolean contains(EntityMention outer, EntityMention inner) {
        return outer.start() <= inner.start() && inner.end() <= outer.end();
    }

    private static Map<String, Integer> zeroCounts(List<String> names) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        names.forEach(n -> counts.put(n, 0));
        return counts;
    }

    private static Map<String, Integer> sum(Map<String, Integer> a, Map<String, Integer> b) {
        Map<String, Integer> total = new LinkedHashMap<>(a);
        b.forEach((k, v) -> total.merge(k, v, Integer::sum));
        return total;
    }
}
