package dev.spanrel.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Overlapping encoder windows for sequences longer than the encoder's positions (docs/method.md section 1). Each
 * window is {@code [CLS] content… [SEP]}; windows advance by half their content, and every sub-token takes its
 * vector from the window where it sits most centrally. {@code gather[b × seqLen + t]} is the flat position
 * ({@code window × maxPositions + p}) that supplies sub-token t of document b.
 */
public final class EncoderWindows {
    /** How many windows there are. */
    public final int windowCount;
    /** The encoder's position limit: the length of every window. */
    public final int maxPositions;
    /** Sub-token ids, {@code [windowCount × maxPositions]}. */
    public final long[] ids;
    /** Attention mask of the windows, 1 for a real position. */
    public final long[] mask;
    /** For each sub-token of each document, the flat window position its vector comes from. */
    public final long[] gather;

    private EncoderWindows(int windowCount, int maxPositions, long[] ids, long[] mask, long[] gather) {
        this.windowCount = windowCount;
        this.maxPositions = maxPositions;
        this.ids = ids;
        this.mask = mask;
        this.gather = gather;
    }

    static EncoderWindows of(List<DocumentSamples> samples, int seqLen, int maxPositions, int padId) {
        int content = maxPositions - 2;
        int stride = Math.max(1, content / 2);
        List<long[]> windowIds = new ArrayList<>();
        long[] gather = new long[samples.size() * seqLen];
        for (int b = 0; b < samples.size(); b++) {
            int[] seq = samples.get(b).document().encoding().ids();
            int inner = seq.length - 2;
            int first = windowIds.size();
            List<Integer> starts = new ArrayList<>();
            for (int s = 0; ; s += stride) {
                starts.add(s);
                if (s + content >= inner) {
                    break;
                }
            }
            for (int s : starts) {
                long[] w = new long[maxPositions];
                java.util.Arrays.fill(w, padId);
                w[0] = seq[0];
                int len = Math.min(content, inner - s);
                for (int k = 0; k < len; k++) {
                    w[1 + k] = seq[1 + s + k];
                }
                w[1 + len] = seq[seq.length - 1];
                windowIds.add(w);
            }
            for (int t = 0; t < seqLen; t++) {
                long flat;
                if (t == 0 || t >= seq.length) {
                    flat = (long) first * maxPositions;
                } else if (t == seq.length - 1) {
                    int last = starts.size() - 1;
                    flat = (long) (first + last) * maxPositions + 1 + Math.min(content, inner - starts.get(last));
                } else {
                    int c = t - 1;
                    int best = 0;
                    double bestDistance = Double.MAX_VALUE;
                    for (int i = 0; i < starts.size(); i++) {
                        int s = starts.get(i);
                        int len = Math.min(content, inner - s);
                        if (c >= s && c < s + len) {
                            double distance = Math.abs(c - (s + (len - 1) / 2.0));
                            if (distance < bestDistance) {
                                bestDistance = distance;
                                best = i;
                            }
                        }
                    }
                    flat = (long) (first + best) * maxPositions + 1 + (c - starts.get(best));
                }
                gather[b * seqLen + t] = flat;
            }
        }
        long[] ids = new long[windowIds.size() * maxPositions];
        long[] mask = new long[ids.length];
        for (int w = 0; w < windowIds.size(); w++) {
            System.arraycopy(windowIds.get(w), 0, ids, w * maxPositions, maxPositions);
        }
        // The mask follows the window lengths (a real token may equal [PAD]'s id).
        int w = 0;
        for (DocumentSamples s : samples) {
            int inner = s.document().encoding().ids().length - 2;
            for (int start = 0; ; start += stride) {
                int len = Math.min(content, inner - start);
                for (int p = 0; p < maxPositions; p++) {
                    mask[w * maxPositions + p] = p < len + 2 ? 1 : 0;
                }
                w++;
                if (start + content >= inner) {
                    break;
                }
            }
        }
        return new EncoderWindows(windowIds.size(), maxPositions, ids, mask, gather);
    }
}
