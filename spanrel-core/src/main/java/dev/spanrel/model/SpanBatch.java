package dev.spanrel.model;

import java.util.List;

/**
 * The host-side tensors of one batch, as flat arrays ready to become NDArrays.
 *
 * <p>Span and context max-pooling use a range-maximum table over word vectors (level j holds the max over
 * 2^j consecutive words). Any word range {@code [a, b)} is the element-wise max of two table rows,
 * {@code left} = level j at a and {@code right} = level j at b − 2^j with j = ⌊log2(b − a)⌋. So a span costs two
 * row gathers however wide it is, and nothing of size batch × spans × sequence is ever built.
 */
public final class SpanBatch {
    /** Documents in the batch. */
    public final int batchSize;
    /** Sub-tokens per document, padded to the longest. */
    public final int seqLen;
    /** Words per document, padded to the longest. */
    public final int wordLen;
    /** Most pieces of any word; shorter words repeat their pieces. */
    public final int piecesPerWord;
    /** Levels of the range-maximum table. */
    public final int levels;
    /** Spans per document, padded to the most. */
    public final int spansPerDoc;
    /** Pairs per document, padded to the most. */
    public final int pairsPerDoc;
    /** Relation types of the model. */
    public final int relationTypes;

    /** Sub-token ids {@code [batchSize × seqLen]}, padded. */
    public final long[] inputIds;
    /** 1 for a real sub-token, 0 for padding. */
    public final long[] attentionMask;
    /** Flat sub-token positions ({@code doc × seqLen + pos}) of each word's pieces, repeated to fill. */
    public final long[] wordPieces;

    /** Flat range-max table row of each span's left half. */
    public final long[] spanLeft;
    /** Flat range-max table row of each span's right half. */
    public final long[] spanRight;
    /** Width-embedding index of each span. */
    public final long[] spanWidth;
    /** Entity type index of each span, 0 for none. */
    public final long[] spanLabels;
    /** 1 for a real span, 0 for padding. */
    public final float[] spanMask;

    /** Table row of each pair's head span, left half. */
    public final long[] headLeft;
    /** Table row of each pair's head span, right half. */
    public final long[] headRight;
    /** Width-embedding index of each pair's head. */
    public final long[] headWidth;
    /** Table row of each pair's tail span, left half. */
    public final long[] tailLeft;
    /** Table row of each pair's tail span, right half. */
    public final long[] tailRight;
    /** Width-embedding index of each pair's tail. */
    public final long[] tailWidth;
    /** Table row of the left half of the words between head and tail. */
    public final long[] contextLeft;
    /** Table row of the right half of the words between head and tail. */
    public final long[] contextRight;
    /** 1 where the words strictly between the two spans are not empty; an empty context is the zero vector. */
    public final float[] contextPresent;
    /** Entity type index of each pair's head. */
    public final long[] headTypes;
    /** Entity type index of each pair's tail. */
    public final long[] tailTypes;
    /** Multi-hot relation labels {@code [batchSize × pairsPerDoc × relationTypes]}. */
    public final float[] pairLabels;
    /** 1 for a real pair, 0 for padding. */
    public final float[] pairMask;

    /** Encoder windows, used only when the batch is longer than the encoder's positions (else null). */
    public final EncoderWindows windows;

    /**
     * A batch for an encoder without a position limit.
     *
     * @param samples one document's samples each
     * @param relationTypes the model's relation types
     * @param widthEmbeddingCount the width embeddings; wider spans share the last
     * @param padId the tokenizer's padding id
     */
    public SpanBatch(List<DocumentSamples> samples, int relationTypes, int widthEmbeddingCount, int padId) {
        this(samples, relationTypes, widthEmbeddingCount, padId, Integer.MAX_VALUE);
    }

    /**
     * @param maxPositions the encoder's position limit; longer sequences are encoded in overlapping windows
     * @param samples one document's samples each
     * @param relationTypes the model's relation types
     * @param widthEmbeddingCount the width embeddings; wider spans share the last
     * @param padId the tokenizer's padding id
     */
    public SpanBatch(List<DocumentSamples> samples, int relationTypes, int widthEmbeddingCount, int padId, int maxPositions) {
        this.relationTypes = relationTypes;
        batchSize = samples.size();
        int maxSeq = 1, maxWords = 1, maxPieces = 1, maxSpans = 0, maxPairs = 0;
        for (DocumentSamples s : samples) {
            maxSeq = Math.max(maxSeq, s.document().subTokenCount());
            maxWords = Math.max(maxWords, s.document().wordCount());
            maxPieces = Math.max(maxPieces, s.document().maxPiecesPerWord());
            maxSpans = Math.max(maxSpans, s.spanCount());
            maxPairs = Math.max(maxPairs, s.pairCount());
        }
        seqLen = maxSeq;
        wordLen = maxWords;
        piecesPerWord = maxPieces;
        levels = floorLog2(maxWords) + 1;
        spansPerDoc = maxSpans;
        pairsPerDoc = maxPairs;

        inputIds = new long[batchSize * seqLen];
        attentionMask = new long[batchSize * seqLen];
        wordPieces = new long[batchSize * wordLen * piecesPerWord];
        spanLeft = new long[batchSize * spansPerDoc];
        spanRight = new long[batchSize * spansPerDoc];
        spanWidth = new long[batchSize * spansPerDoc];
        spanLabels = new long[batchSize * spansPerDoc];
        spanMask = new float[batchSize * spansPerDoc];
        int pairSlots = batchSize * pairsPerDoc;
        headLeft = new long[pairSlots];
        headRight = new long[pairSlots];
        headWidth = new long[pairSlots];
        tailLeft = new long[pairSlots];
        tailRight = new long[pairSlots];
        tailWidth = new long[pairSlots];
        contextLeft = new long[pairSlots];
        contextRight = new long[pairSlots];
        contextPresent = new float[pairSlots];
        headTypes = new long[pairSlots];
        tailTypes = new long[pairSlots];
        pairLabels = new float[pairSlots * relationTypes];
        pairMask = new float[pairSlots];

        for (int b = 0; b < batchSize; b++) {
            fillDocument(b, samples.get(b), widthEmbeddingCount, padId);
        }
        windows = seqLen > maxPositions ? EncoderWindows.of(samples, seqLen, maxPositions, padId) : null;
    }

    private void fillDocument(int b, DocumentSamples s, int widthEmbeddingCount, int padId) {
        EncodedDocument doc = s.document();
        int[] ids = doc.encoding().ids();
        for (int t = 0; t < seqLen; t++) {
            boolean real = t < ids.length;
            inputIds[b * seqLen + t] = real ? ids[t] : padId;
            attentionMask[b * seqLen + t] = real ? 1 : 0;
        }
        int[] starts = doc.encoding().wordStarts();
        int[] ends = doc.encoding().wordEnds();
        for (int w = 0; w < wordLen; w++) {
            for (int k = 0; k < piecesPerWord; k++) {
                long pos;
                if (w < doc.wordCount()) {
                    // Repeating the last piece pads the window without changing the max.
                    pos = Math.min(starts[w] + k, ends[w] - 1);
                } else {
                    pos = 0;
                }
                wordPieces[(b * wordLen + w) * piecesPerWord + k] = (long) b * seqLen + pos;
            }
        }
        for (int i = 0; i < s.spanCount(); i++) {
            int slot = b * spansPerDoc + i;
            int start = s.spanStarts()[i];
            int end = s.spanEnds()[i];
            spanLeft[slot] = tableRow(b, start, end, true);
            spanRight[slot] = tableRow(b, start, end, false);
            spanWidth[slot] = Math.min(end - start, widthEmbeddingCount - 1);
            spanLabels[slot] = s.spanLabels().length > 0 ? s.spanLabels()[i] : 0;
            spanMask[slot] = 1f;
        }
        for (int p = 0; p < s.pairCount(); p++) {
            int slot = b * pairsPerDoc + p;
            int h = s.pairHeads()[p];
            int t = s.pairTails()[p];
            headLeft[slot] = spanLeft[b * spansPerDoc + h];
            headRight[slot] = spanRight[b * spansPerDoc + h];
            headWidth[slot] = spanWidth[b * spansPerDoc + h];
            tailLeft[slot] = spanLeft[b * spansPerDoc + t];
            tailRight[slot] = spanRight[b * spansPerDoc + t];
            tailWidth[slot] = spanWidth[b * spansPerDoc + t];
            int hs = s.spanStarts()[h], he = s.spanEnds()[h], ts = s.spanStarts()[t], te = s.spanEnds()[t];
            int from, to;
            if (he <= ts) {
                from = he;
                to = ts;
            } else if (te <= hs) {
                from = te;
                to = hs;
            } else {
                from = 0;
                to = 0;
            }
            if (to > from) {
                contextLeft[slot] = tableRow(b, from, to, true);
                contextRight[slot] = tableRow(b, from, to, false);
                contextPresent[slot] = 1f;
            } else {
                contextLeft[slot] = tableRow(b, 0, 1, true);
                contextRight[slot] = contextLeft[slot];
            }
            headTypes[slot] = s.pairHeadTypes().length > 0 ? s.pairHeadTypes()[p] : 0;
            tailTypes[slot] = s.pairTailTypes().length > 0 ? s.pairTailTypes()[p] : 0;
            if (s.pairLabels().length > 0) {
                System.arraycopy(s.pairLabels(), p * relationTypes, pairLabels, slot * relationTypes, relationTypes);
            }
            pairMask[slot] = 1f;
        }
    }

    /** Row of the range-max table that covers the left (or right) part of words {@code [from, to)} in doc b. */
    long tableRow(int b, int from, int to, boolean left) {
        int level = floorLog2(to - from);
        int position = left ? from : to - (1 << level);
        return ((long) level * batchSize + b) * wordLen + position;
    }

    static int floorLog2(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("empty range");
        }
        return 31 - Integer.numberOfLeadingZeros(n);
    }
}
