package dev.spanrel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The word-embedding gradient of a training, gathered from the rows each batch uses. Looking sub-tokens up in the
 * whole [V, H] table makes autograd build a dense gradient of the table at every backward pass (89 MB for BERT-base,
 * allocated, zero-filled, scattered into and added to the weight's gradient: some 10 % of an update on short
 * sentences), although a batch touches a few hundred of its 28,996 rows. Here a training forward pass copies the
 * row of each position into a tensor of its own, a leaf of the graph, which is the embedding; after the backward
 * pass {@link #fold()} adds each position's gradient into its sub-token's row of one dense buffer that lives as long
 * as the training, which the optimizer reads (and clears) in place of the weight's gradient. A row gets the sum
 * libtorch's lookup backward gives it on one thread (its positions' contributions in position order), here always on
 * one thread, however loaded the machine.
 *
 * <p>Made by {@link BertModel#gatherWordEmbeddingRows(NDManager)}; evaluation passes (not training) look up the
 * whole table as before.
 */
public final class WordEmbeddingRows implements AutoCloseable {
    private final BertModel owner;
    private final Parameter table;
    private final NDArray gradient;
    private final int hidden;
    private final List<Lookup> pending = new ArrayList<>();

    /** One forward pass's sub-token ids and the rows it took for them, until their gradient is folded. */
    private record Lookup(long[] ids, NDArray rows) {}

    WordEmbeddingRows(BertModel owner, Parameter table, NDManager manager) {
        this.owner = owner;
        this.table = table;
        NDArray weight = table.getArray();
        this.hidden = Math.toIntExact(weight.getShape().get(1));
        this.gradient = manager.zeros(weight.getShape(), DataType.FLOAT32, weight.getDevice());
    }

    /**
     * The dense gradient of the word-embedding table: zero until {@link #fold()}, then the folded rows, until the
     * optimizer clears it.
     *
     * @return the buffer, [V, H] float32, owned by this object
     */
    public NDArray gradient() {
        return gradient;
    }

    /**
     * The embeddings of {@code ids} [B, L]: a leaf [B, L, H] holding the table's row of every position (no lookup op,
     * so no scatter in the backward pass either).
     */
    synchronized NDArray embed(NDArray ids) {
        long[] flat = ids.toLongArray();
        ByteBuffer weights = TensorMemory.of(table.getArray());
        // Copied native to native: a heap array of the rows (2 MB and more a batch) would be garbage G1 grows for.
        NDArray rows = ids.getManager().create(new Shape(ids.getShape().get(0), ids.getShape().get(1), hidden));
        ByteBuffer into = TensorMemory.of(rows);
        int rowBytes = hidden * Float.BYTES;
        for (int p = 0; p < flat.length; p++) {
            into.put(p * rowBytes, weights, Math.toIntExact(flat[p] * rowBytes), rowBytes);
        }
        rows.setRequiresGradient(true);
        pending.add(new Lookup(flat, rows));
        return rows;
    }

    /**
     * Adds the gradients of the forward passes' rows since the last fold into {@link #gradient()}, position by
     * position in order (one thread, so the sum of a repeated sub-token's rows is the same at every run); call after
     * the backward pass, before the rows' manager closes.
     */
    public synchronized void fold() {
        ByteBuffer dense = TensorMemory.of(gradient);
        for (Lookup lookup : pending) {
            NDArray rowGradients = lookup.rows().getGradient();
            ByteBuffer g = TensorMemory.of(rowGradients);
            long[] ids = lookup.ids();
            for (int p = 0; p < ids.length; p++) {
                int to = Math.toIntExact(ids[p] * hidden);
                int from = p * hidden;
                for (int j = 0; j < hidden; j++) {
                    int at = 4 * (to + j);
                    dense.putFloat(at, dense.getFloat(at) + g.getFloat(4 * (from + j)));
                }
            }
            rowGradients.close();
        }
        pending.clear();
    }

    @Override
    public void close() {
        owner.dropWordEmbeddingRows(this);
        pending.clear();
        gradient.close();
    }

}
