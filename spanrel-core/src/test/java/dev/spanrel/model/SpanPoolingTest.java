package dev.spanrel.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.spanrel.data.Document;
import dev.spanrel.text.EncodedSentence;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Span and context vectors from the range-max table equal a plain max over the sub-tokens they cover, on a padded
 * batch of documents of different lengths and word sizes.
 */
class SpanPoolingTest {
    private static EncodedDocument doc(int[] piecesPerWord) {
        int words = piecesPerWord.length;
        int[] starts = new int[words];
        int[] ends = new int[words];
        int pos = 1;
        List<String> tokens = new ArrayList<>();
        for (int w = 0; w < words; w++) {
            starts[w] = pos;
            pos += piecesPerWord[w];
            ends[w] = pos;
            tokens.add("w" + w);
        }
        return new EncodedDocument(new Document("", tokens, List.of(), List.of()), new EncodedSentence(new int[pos + 1], starts, ends));
    }

    @Test
    void spanAndContextVectorsAreMaxOverTheirSubTokens() {
        List<EncodedDocument> docs = List.of(doc(new int[] {1, 2, 1, 3, 1, 1, 2}), doc(new int[] {2, 1}), doc(new int[] {1}));
        int hidden = 5;
        List<DocumentSamples> samples = new ArrayList<>();
        for (EncodedDocument d : docs) {
            DocumentSamples all = SpanCandidates.all(d, 10);
            // Every ordered pair of spans, so contexts of all lengths (and empty ones) are covered.
            List<int[]> pairs = new ArrayList<>();
            for (int h = 0; h < all.spanCount(); h++) {
                for (int t = 0; t < all.spanCount(); t++) {
                    if (h != t) {
                        pairs.add(new int[] {h, t});
                    }
                }
            }
            int[] heads = pairs.stream().mapToInt(p -> p[0]).toArray();
            int[] tails = pairs.stream().mapToInt(p -> p[1]).toArray();
            samples.add(new DocumentSamples(d, all.spanStarts(), all.spanEnds(), new int[0], heads, tails, new float[0], new int[0], new int[0]));
        }
        SpanBatch batch = new SpanBatch(samples, 1, 100, 0);
        Random random = new Random(5);
        float[] values = new float[batch.batchSize * batch.seqLen * hidden];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            BatchTensors tensors = BatchTensors.of(m, batch);
            NDArray h = m.create(values, new Shape(batch.batchSize, batch.seqLen, hidden));
            SpanRelModel.EncodedBatch encoded = SpanRelModel.encodeHidden(h, tensors.wordPieces());
            float[] spans = SpanRelModel.spanVectors(encoded, tensors.spanLeft(), tensors.spanRight()).toFloatArray();
            SpanRelModel.PairTensors pairs = tensors.pairs().orElseThrow();
            float[] contexts = SpanRelModel.spanVectors(encoded, pairs.contextLeft(), pairs.contextRight()).toFloatArray();
            float[] present = pairs.contextPresent().toFloatArray();
            int checkedContexts = 0;
            for (int b = 0; b < docs.size(); b++) {
                DocumentSamples s = samples.get(b);
                EncodedSentence e = docs.get(b).encoding();
                for (int i = 0; i < s.spanCount(); i++) {
                    float[] expected = maxOver(values, b, batch.seqLen, hidden, e.wordStarts()[s.spanStarts()[i]], e.wordEnds()[s.spanEnds()[i] - 1]);
                    for (int k = 0; k < hidden; k++) {
                        assertThat(spans[((b * batch.spansPerDoc) + i) * hidden + k]).isEqualTo(expected[k]);
                    }
                }
                for (int p = 0; p < s.pairCount(); p++) {
                    int hs = s.spanStarts()[s.pairHeads()[p]], he = s.spanEnds()[s.pairHeads()[p]];
                    int ts = s.spanStarts()[s.pairTails()[p]], te = s.spanEnds()[s.pairTails()[p]];
                    int from = he <= ts ? he : te <= hs ? te : -1;
                    int to = he <= ts ? ts : te <= hs ? hs : -1;
                    int slot = b * batch.pairsPerDoc + p;
                    if (from < 0 || from == to) {
                        assertThat(present[slot]).isZero();
                        continue;
                    }
                    assertThat(present[slot]).isEqualTo(1f);
                    float[] expected = maxOver(values, b, batch.seqLen, hidden, e.wordStarts()[from], e.wordEnds()[to - 1]);
                    for (int k = 0; k < hidden; k++) {
                        assertThat(contexts[slot * hidden + k]).isEqualTo(expected[k]);
                    }
                    checkedContexts++;
                }
            }
            assertThat(checkedContexts).isGreaterThan(100);
        }
    }

    private static float[] maxOver(float[] values, int b, int seqLen, int hidden, int fromSubToken, int toSubToken) {
        float[] max = new float[hidden];
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int t = fromSubToken; t < toSubToken; t++) {
            for (int k = 0; k < hidden; k++) {
                max[k] = Math.max(max[k], values[(b * seqLen + t) * hidden + k]);
            }
        }
        return max;
    }
}
