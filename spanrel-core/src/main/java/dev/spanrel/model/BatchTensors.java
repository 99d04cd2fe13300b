package dev.spanrel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;

/** A {@link SpanBatch} moved into NDArrays on the manager's device. */
public record BatchTensors(
        NDArray inputIds,
        NDArray attentionMask,
        NDArray wordPieces,
        NDArray spanLeft,
        NDArray spanRight,
        NDArray spanWidth,
        NDArray spanLabels,
        NDArray spanMask,
        Optional<SpanRelModel.PairTensors> pairs,
        Optional<NDArray> pairLabels,
        Optional<NDArray> pairMask,
        Optional<Windows> windows) {

    /** Encoder windows: ids and mask [W, maxPositions], gather [B, L] (see {@link EncoderWindows}). */
    public record Windows(NDArray ids, NDArray mask, NDArray gather) {}

    /**
     * Moves a batch's host arrays into NDArrays of {@code m}.
     *
     * @param m the manager that owns the arrays
     * @param b the batch
     * @return the tensors
     */
    public static BatchTensors of(NDManager m, SpanBatch b) {
        Shape tokens = new Shape(b.batchSize, b.seqLen);
        Shape spans = new Shape(b.batchSize, b.spansPerDoc);
        Shape pairs = new Shape(b.batchSize, b.pairsPerDoc);
        Optional<SpanRelModel.PairTensors> pairTensors = Optional.empty();
        Optional<NDArray> pairLabels = Optional.empty();
        Optional<NDArray> pairMask = Optional.empty();
        if (b.pairsPerDoc > 0) {
            pairTensors = Optional.of(new SpanRelModel.PairTensors(
                    m.create(b.headLeft, pairs), m.create(b.headRight, pairs), m.create(b.headWidth, pairs),
                    m.create(b.tailLeft, pairs), m.create(b.tailRight, pairs), m.create(b.tailWidth, pairs),
                    m.create(b.contextLeft, pairs), m.create(b.contextRight, pairs), m.create(b.contextPresent, pairs),
                    m.create(b.headTypes, pairs), m.create(b.tailTypes, pairs)));
            pairLabels = Optional.of(m.create(b.pairLabels, new Shape(b.batchSize, b.pairsPerDoc, b.relationTypes)));
            pairMask = Optional.of(m.create(b.pairMask, pairs));
        }
        Optional<Windows> windows = Optional.empty();
        if (b.windows != null) {
            Shape windowShape = new Shape(b.windows.windowCount, b.windows.maxPositions);
            windows = Optional.of(new Windows(
                    m.create(b.windows.ids, windowShape), m.create(b.windows.mask, windowShape), m.create(b.windows.gather, tokens)));
        }
        return new BatchTensors(
                m.create(b.inputIds, tokens),
                m.create(b.attentionMask, tokens),
                m.create(b.wordPieces, new Shape(b.batchSize, b.wordLen, b.piecesPerWord)),
                m.create(b.spanLeft, spans),
                m.create(b.spanRight, spans),
                m.create(b.spanWidth, spans),
                m.create(b.spanLabels, spans),
                m.create(b.spanMask, spans),
                pairTensors,
                pairLabels,
                pairMask,
                windows);
    }
}
