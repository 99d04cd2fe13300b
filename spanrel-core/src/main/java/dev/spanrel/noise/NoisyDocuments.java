package dev.spanrel.noise;

import dev.spanrel.data.Document;
import java.util.List;

/**
 * Documents with corrupted labels, in the order they came, and the report of what changed.
 *
 * @param documents the documents with noisy labels
 * @param report what changed
 */
public record NoisyDocuments(List<Document> documents, NoiseReport report) {
    /**
     * Copies the documents.
     *
     * @param documents the documents with noisy labels
     * @param report what changed
     */
    public NoisyDocuments {
        documents = List.copyOf(documents);
    }
}
