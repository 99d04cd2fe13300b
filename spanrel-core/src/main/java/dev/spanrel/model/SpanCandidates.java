package dev.spanrel.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The candidate spans of a document at inference: the first of decoding's steps (candidates, forward, decode), kept
 * with the batches it fills, below both {@code train} and {@code infer}.
 */
public final class SpanCandidates {
    private SpanCandidates() {}

    /**
     * Every span of width 1..maxSpanSize, for inference; labels and pairs empty.
     *
     * @param encoded the document with its encoding
     * @param maxSpanSize the widest span, in words
     * @return the candidate spans
     */
    public static DocumentSamples all(EncodedDocument encoded, int maxSpanSize) {
        int words = encoded.wordCount();
        List<int[]> spans = new ArrayList<>();
        for (int width = 1; width <= maxSpanSize; width++) {
            for (int start = 0; start + width <= words; start++) {
                spans.add(new int[] {start, start + width});
            }
        }
        int[] starts = new int[spans.size()];
        int[] ends = new int[spans.size()];
        for (int i = 0; i < spans.size(); i++) {
            starts[i] = spans.get(i)[0];
            ends[i] = spans.get(i)[1];
        }
        return new DocumentSamples(encoded, starts, ends, new int[0], new int[0], new int[0], new float[0], new int[0], new int[0]);
    }
}
