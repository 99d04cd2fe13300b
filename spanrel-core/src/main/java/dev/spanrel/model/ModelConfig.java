package dev.spanrel.model;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The architecture and decision settings of the span model (docs/method.md sections 2 and 4). Everything that changes
 * the network's shape or its predictions lives here; how it is trained lives in {@code TrainConfig}.
 *
 * @param maxSpanSize widest candidate span in words at inference and for sampled negatives
 * @param widthEmbeddingSize size of the learned span-width embedding (paper 50, SpERT 25)
 * @param widthEmbeddingCount rows of the width table; gold spans wider than maxSpanSize still get one (SpERT: 100)
 * @param dropout dropout before both classifiers (paper 0.2, SpERT 0.1)
 * @param entityTemperature T of the entity softmax
 * @param relationTemperature T of the relation sigmoid
 * @param relationThreshold a relation type is predicted when its probability reaches this
 * @param relationUsesEntityTypes append embeddings of both spans' entity types to the relation input
 * @param entityTypeEmbeddingSize size of those embeddings
 * @param keepAllEntities decoding pairs every span classified as an entity, as SpERT does; false (spanrel's
 *     default, and what a saved config without the key means) keeps at most one entity per word, at least 64,
 *     the most probable ones (see {@code SpanDecoder.entityLimit})
 * @param symmetricBySpanStart a symmetric relation is turned round only when its tail starts before its head, as
 *     SpERT's {@code _adjust_rel} does, so two entities that start at the same word keep both directions; false
 *     (spanrel's default) puts the earlier entity in text order (start, then end) first, so the two directions
 *     of any pair are one relation
 */
public record ModelConfig(
        int maxSpanSize,
        int widthEmbeddingSize,
        int widthEmbeddingCount,
        double dropout,
        double entityTemperature,
        double relationTemperature,
        double relationThreshold,
        boolean relationUsesEntityTypes,
        int entityTypeEmbeddingSize,
        boolean keepAllEntities,
        boolean symmetricBySpanStart) {

    /**
     * Decoding as spanrel does: at most one entity per word, symmetric relations in text order.
     *
     * @param maxSpanSize widest candidate span in words at inference and for sampled negatives
     * @param widthEmbeddingSize size of the learned span-width embedding (paper 50, SpERT 25)
     * @param widthEmbeddingCount rows of the width table; gold spans wider than maxSpanSize still get one (SpERT: 100)
     * @param dropout dropout before both classifiers (paper 0.2, SpERT 0.1)
     * @param entityTemperature T of the entity softmax
     * @param relationTemperature T of the relation sigmoid
     * @param relationThreshold a relation type is predicted when its probability reaches this
     * @param relationUsesEntityTypes append embeddings of both spans' entity types to the relation input
     * @param entityTypeEmbeddingSize size of those embeddings
     */
    public ModelConfig(int maxSpanSize, int widthEmbeddingSize, int widthEmbeddingCount, double dropout,
            double entityTemperature, double relationTemperature, double relationThreshold,
            boolean relationUsesEntityTypes, int entityTypeEmbeddingSize) {
        this(maxSpanSize, widthEmbeddingSize, widthEmbeddingCount, dropout, entityTemperature, relationTemperature,
                relationThreshold, relationUsesEntityTypes, entityTypeEmbeddingSize, false, false);
    }

    /**
     * Checks the span limit against the width embeddings and that the temperatures are positive.
     *
     * @param maxSpanSize widest candidate span in words at inference and for sampled negatives
     * @param widthEmbeddingSize size of the learned span-width embedding (paper 50, SpERT 25)
     * @param widthEmbeddingCount rows of the width table; gold spans wider than maxSpanSize still get one (SpERT: 100)
     * @param dropout dropout before both classifiers (paper 0.2, SpERT 0.1)
     * @param entityTemperature T of the entity softmax
     * @param relationTemperature T of the relation sigmoid
     * @param relationThreshold a relation type is predicted when its probability reaches this
     * @param relationUsesEntityTypes append embeddings of both spans' entity types to the relation input
     * @param entityTypeEmbeddingSize size of those embeddings
     * @param keepAllEntities keep every span classified as an entity, as SpERT does, instead of at most one per word
     * @param symmetricBySpanStart order symmetric relations by their spans' start words, as SpERT does
     */
    @JsonCreator
    public ModelConfig {
        if (maxSpanSize < 1 || maxSpanSize >= widthEmbeddingCount) {
            throw new IllegalArgumentException("maxSpanSize must be in [1, widthEmbeddingCount): " + maxSpanSize);
        }
        if (entityTemperature <= 0 || relationTemperature <= 0) {
            throw new IllegalArgumentException("temperatures must be positive");
        }
    }
}
