package dev.spanrel.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.data.Document;
import dev.spanrel.text.EncodedSentence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sequences longer than the encoder's positions are encoded in overlapping windows, every sub-token from one. */
class EncoderWindowsTest {
    @Test
    void everySubTokenComesFromAWindowHoldingItNearItsCentre() {
        int words = 40;
        int[] ids = new int[words + 2];
        int[] starts = new int[words];
        int[] ends = new int[words];
        List<String> tokens = new ArrayList<>();
        ids[0] = 101;
        ids[words + 1] = 102;
        for (int w = 0; w < words; w++) {
            ids[w + 1] = 1000 + w;
            starts[w] = w + 1;
            ends[w] = w + 2;
            tokens.add("w" + w);
        }
        EncodedDocument long1 = new EncodedDocument(new Document("", tokens, List.of(), List.of()), new EncodedSentence(ids, starts, ends));
        EncodedDocument short1 = new EncodedDocument(new Document("", List.of("a"), List.of(), List.of()),
                new EncodedSentence(new int[] {101, 7, 102}, new int[] {1}, new int[] {2}));
        int maxPositions = 12;
        SpanBatch batch = new SpanBatch(List.of(SpanCandidates.all(long1, 3), SpanCandidates.all(short1, 3)), 1, 100, 0, maxPositions);
        EncoderWindows w = batch.windows;
        assertThat(w).isNotNull();
        for (int b = 0; b < 2; b++) {
            int[] seq = b == 0 ? ids : new int[] {101, 7, 102};
            for (int t = 0; t < seq.length; t++) {
                long flat = w.gather[b * batch.seqLen + t];
                assertThat(w.ids[(int) flat]).as("doc %d sub-token %d", b, t).isEqualTo(seq[t]);
                assertThat(w.mask[(int) flat]).isEqualTo(1);
                int position = (int) (flat % maxPositions);
                if (t > 0 && t < seq.length - 1 && b == 0) {
                    // Not at a window's edge unless the sequence's own edge is near.
                    assertThat(Math.min(position - 1, maxPositions - 2 - position)).as("distance to window edge of %d", t)
                            .isGreaterThanOrEqualTo(Math.min(2, Math.min(t - 1, seq.length - 2 - t)));
                }
            }
        }
        // Each window is [CLS] content [SEP]
        for (int i = 0; i < w.windowCount; i++) {
            assertThat(w.ids[i * maxPositions]).isEqualTo(101);
        }
    }
}
