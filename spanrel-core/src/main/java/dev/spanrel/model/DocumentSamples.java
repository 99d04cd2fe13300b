package dev.spanrel.model;

/**
 * The span and pair samples of one document for one forward pass: sampled positives and negatives in training,
 * all candidates at inference. Spans are word ranges {@code [spanStarts[i], spanEnds[i])}; pairs index the spans.
 *
 * @param spanLabels entity type index per span, 0 = no entity (ignored at inference)
 * @param pairLabels multi-hot relation labels, {@code pairs × relationTypes}, row-major (empty at inference)
 * @param pairHeadTypes entity type index of each pair's head span (gold in training, predicted at inference)
 */
public record DocumentSamples(
        EncodedDocument document,
        int[] spanStarts,
        int[] spanEnds,
        int[] spanLabels,
        int[] pairHeads,
        int[] pairTails,
        float[] pairLabels,
        int[] pairHeadTypes,
        int[] pairTailTypes) {

    /**
     * The number of spans.
     *
     * @return the length of {@code spanStarts}
     */
    public int spanCount() {
        return spanStarts.length;
    }

    /**
     * The number of pairs.
     *
     * @return the length of {@code pairHeads}
     */
    public int pairCount() {
        return pairHeads.length;
    }
}
