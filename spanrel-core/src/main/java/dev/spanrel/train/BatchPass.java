package dev.spanrel.train;

import dev.spanrel.model.DocumentSamples;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One forward and backward pass of an update: some of the batch's documents, and the weights that make the pass's
 * losses add up to the batch's. An update holds the activations of its pass until the backward pass is done, and
 * they grow with the documents times the longest one's sub-tokens: eight of CoNLL04's longest sentences (~190
 * sub-tokens each) hold some 2 GiB, most of a training's memory peak (docs/BENCHMARKS.md). A batch over
 * {@code maxPassSubTokens} is trained in several passes whose gradients add up (autograd accumulates them until the
 * optimizer reads and clears them) to one update.
 *
 * <p>Why weights: each loss is the mean over the real samples it sees, so a pass holding {@code n} of the batch's
 * {@code N} spans scales its entity loss by {@code n / N} (pairs likewise), and the sum over the passes is the
 * batch's mean, the loss of the unsplit batch. What a split changes: the rounding (each pass's gradient is rounded
 * once more, in bfloat16 to bfloat16), the dropout masks (drawn per pass, with less padding), and small-loss
 * selection, which leaves out the highest-loss share of each pass's positives instead of the batch's.
 *
 * @param samples the pass's documents
 * @param entityWeight the pass's share of the batch's spans, the factor of its entity loss
 * @param relationWeight the pass's share of the batch's pairs, the factor of its relation loss (1 when the batch has
 *     none)
 */
record BatchPass(List<DocumentSamples> samples, double entityWeight, double relationWeight) {

    /**
     * The passes of one batch: the whole batch when it fits {@code maxSubTokens} (or that is 0), else its documents
     * from the shortest up, as many to a pass as fit (a document longer than the limit alone is a pass of its own).
     *
     * @param batch the batch's samples
     * @param maxSubTokens the most documents × longest sub-tokens a pass holds; 0 for no limit
     * @return one pass or more, together holding every document once
     */
    static List<BatchPass> of(List<DocumentSamples> batch, int maxSubTokens) {
        if (maxSubTokens <= 0 || paddedSubTokens(batch) <= maxSubTokens) {
            return List.of(new BatchPass(batch, 1, 1));
        }
        List<DocumentSamples> byLength = new ArrayList<>(batch);
        byLength.sort(Comparator.comparingInt(s -> s.document().subTokenCount()));
        List<List<DocumentSamples>> groups = new ArrayList<>();
        List<DocumentSamples> group = new ArrayList<>();
        for (DocumentSamples s : byLength) {
            // sorted, so the document added is the group's longest
            if (!group.isEmpty() && (group.size() + 1L) * s.document().subTokenCount() > maxSubTokens) {
                groups.add(group);
                group = new ArrayList<>();
            }
            group.add(s);
        }
        groups.add(group);
        int[] groupSpans = new int[groups.size()], groupPairs = new int[groups.size()];
        int spans = 0, pairs = 0;
        for (int g = 0; g < groups.size(); g++) {
            for (DocumentSamples s : groups.get(g)) {
                groupSpans[g] += s.spanCount();
                groupPairs[g] += s.pairCount();
            }
            spans += groupSpans[g];
            pairs += groupPairs[g];
        }
        List<BatchPass> passes = new ArrayList<>(groups.size());
        for (int g = 0; g < groups.size(); g++) {
            passes.add(new BatchPass(groups.get(g), share(groupSpans[g], spans), share(groupPairs[g], pairs)));
        }
        return passes;
    }

    /** Documents × the longest one's sub-tokens: what the encoder's activations grow with. */
    static long paddedSubTokens(List<DocumentSamples> samples) {
        int longest = 0;
        for (DocumentSamples s : samples) {
            longest = Math.max(longest, s.document().subTokenCount());
        }
        return (long) longest * samples.size();
    }

    private static double share(int part, int whole) {
        return whole == 0 ? 1 : (double) part / whole;
    }
}
