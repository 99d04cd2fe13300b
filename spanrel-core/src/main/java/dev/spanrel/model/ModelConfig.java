package dev.spanrel.model;

/**
 * The architecture and decision settings of the span model (method.md sections 2 and 4). Everything that changes
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
        int entityTypeEmbeddingSize) {

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
     */
    public ModelConfig {
        if (maxSpanSize < 1 || maxSpanSize >= widthEmbeddingCount) {
            throw new IllegalArgumentException("maxSpanSize must be in [1, widthEmbeddingCount): " + maxSpanSize);
        }
        if (entityTemperature <= 0 || relationTemperature <= 0) {
            throw new IllegalArgumentException("temperatures must be positive");
        }
    }

    /**
     * The paper's settings.
     *
     * @return the configuration
     */
    public static ModelConfig paperDefaults() {
        return new ModelConfig(10, 50, 100, 0.2, 1.0, 1.0, 0.4, false, 25);
    }
}
