package dev.spanrel.encoder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.spanrel.SpanrelException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT encoder that computes exactly what Hugging Face's {@code BertModel} computes (post-LayerNorm layers,
 * erf GELU, additive attention mask), written as one DJL block whose parameters carry the Hugging Face names.
 *
 * <p>Every step is a single libtorch op on whole batches ({@code embedding}, {@code linear}, {@code layer_norm},
 * batched {@code matmul}, {@code softmax}, {@code gelu}): no Java loop over tokens or heads. Q, K and V stay three
 * linears: concatenating them into one [3H, H] matmul per forward pass was measured slower for training on 2 CPU
 * cores (the concat and its backward cost more than the larger matmul saves) and no faster for inference.
 *
 * <p>Inputs: {@code inputIds} INT64 [B, L], {@code attentionMask} [B, L] (1 = real token, INT64 or FLOAT32) and
 * optionally {@code tokenTypeIds} INT64 [B, L]. Outputs: last hidden state [B, L, H] and, with the pooler,
 * pooled [B, H].
 */
public final class BertModel extends AbstractBlock {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final boolean withPooler;
    private final Map<String, Parameter> named = new LinkedHashMap<>();
    private final Parameter wordEmbeddings;
    private final Parameter positionEmbeddings;
    private final Parameter tokenTypeEmbeddings;
    private final Parameter embeddingsLnWeight;
    private final Parameter embeddingsLnBias;
    private final Layer[] layers;
    private final Parameter poolerWeight;
    private final Parameter poolerBias;
    private volatile Precision precision = Precision.FP32;
    /** bfloat16 copies of the projection matrices (a training's, or a predictor's only ones); null: cast at each forward. */
    private volatile Bf16Weights bf16Weights;
    /** The gathered word-embedding rows of a training's forward passes; null: look up the whole table. */
    private volatile WordEmbeddingRows wordEmbeddingRows;
    private final DropoutMasks dropoutMasks = new DropoutMasks(0);

    /** One transformer layer's parameters, in Hugging Face's structure. */
    private record Layer(Parameter qW, Parameter qB, Parameter kW, Parameter kB, Parameter vW, Parameter vB,
            Parameter attnOutW, Parameter attnOutB, Parameter attnLnW, Parameter attnLnB,
            Parameter interW, Parameter interB, Parameter outW, Parameter outB, Parameter outLnW, Parameter outLnB) {}

    /**
     * An encoder of this architecture; its parameters exist once {@link #initialize(NDManager)} has run.
     *
     * @param config the architecture
     * @param withPooler whether the block has BERT's pooler (the dense layer over {@code [CLS]})
     */
    public BertModel(BertConfig config, boolean withPooler) {
        super(VERSION);
        this.config = config;
        this.withPooler = withPooler;
        Map<String, long[]> shapes = config.tensorShapes(withPooler);
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            named.put(e.getKey(), addParameter(newParameter(e.getKey(), e.getValue())));
        }
        wordEmbeddings = named.get("embeddings.word_embeddings.weight");
        positionEmbeddings = named.get("embeddings.position_embeddings.weight");
        tokenTypeEmbeddings = named.get("embeddings.token_type_embeddings.weight");
        embeddingsLnWeight = named.get("embeddings.LayerNorm.weight");
        embeddingsLnBias = named.get("embeddings.LayerNorm.bias");
        layers = new Layer[config.numHiddenLayers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "encoder.layer." + i + ".";
            layers[i] = new Layer(
                    named.get(p + "attention.self.query.weight"), named.get(p + "attention.self.query.bias"),
                    named.get(p + "attention.self.key.weight"), named.get(p + "attention.self.key.bias"),
                    named.get(p + "attention.self.value.weight"), named.get(p + "attention.self.value.bias"),
                    named.get(p + "attention.output.dense.weight"), named.get(p + "attention.output.dense.bias"),
                    named.get(p + "attention.output.LayerNorm.weight"), named.get(p + "attention.output.LayerNorm.bias"),
                    named.get(p + "intermediate.dense.weight"), named.get(p + "intermediate.dense.bias"),
                    named.get(p + "output.dense.weight"), named.get(p + "output.dense.bias"),
                    named.get(p + "output.LayerNorm.weight"), named.get(p + "output.LayerNorm.bias"));
        }
        poolerWeight = withPooler ? named.get("pooler.dense.weight") : null;
        poolerBias = withPooler ? named.get("pooler.dense.bias") : null;
    }

    /** Hugging Face's initialization: N(0, 0.02) weights and embeddings, zero biases, LayerNorm (1, 0). */
    private static Parameter newParameter(String name, long[] shape) {
        boolean isLayerNorm = name.contains("LayerNorm");
        boolean isBias = name.endsWith(".bias");
        Parameter.Type type = isLayerNorm ? (isBias ? Parameter.Type.BETA : Parameter.Type.GAMMA)
                : isBias ? Parameter.Type.BIAS : Parameter.Type.WEIGHT;
        var init = type == Parameter.Type.GAMMA ? new ConstantInitializer(1f)
                : type == Parameter.Type.WEIGHT ? new NormalInitializer(0.02f) : new ConstantInitializer(0f);
        return Parameter.builder().setName(name).setType(type).optShape(new Shape(shape)).optInitializer(init).build();
    }

    /**
     * The architecture.
     *
     * @return the configuration this model was built with
     */
    public BertConfig config() {
        return config;
    }

    /**
     * Initializes all parameters (randomly, as Hugging Face does) on the manager's device.
     *
     * @param manager the manager that owns the parameters
     */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 8), new Shape(1, 8));
    }

    /**
     * Parameters under their Hugging Face names (no {@code bert.} prefix), in checkpoint order.
     *
     * @return name to parameter, in checkpoint order
     */
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(named);
    }

    /** The word-embedding matrix [V, H]: the masked-LM decoder is tied to it. */
    Parameter wordEmbeddings() {
        return wordEmbeddings;
    }

    /**
     * Copies Hugging Face-named tensors into the (initialized) parameters. Missing token-type embeddings become
     * zeros (SpanBERT has none); every other missing or mis-shaped tensor is an error. Extra tensors (e.g. the MLM
     * head) are ignored.
     *
     * @param hfTensors tensors by Hugging Face name
     */
    public void loadWeights(Map<String, FloatTensor> hfTensors) {
        if (!wordEmbeddings.isInitialized()) {
            throw new SpanrelException("BertModel.loadWeights needs an initialized model: call initialize(manager) first");
        }
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            FloatTensor t = hfTensors.get(e.getKey());
            NDArray array = e.getValue().getArray();
            long[] expected = array.getShape().getShape();
            if (t == null) {
                if (e.getKey().equals("embeddings.token_type_embeddings.weight")) {
                    t = new FloatTensor(expected, new float[Math.toIntExact(FloatTensor.numel(expected))]);
                } else {
                    throw new SpanrelException("checkpoint lacks tensor '" + e.getKey() + "' required by the encoder");
                }
            }
            if (!t.hasShape(expected)) {
                throw new SpanrelException("tensor '" + e.getKey() + "' has shape " + Arrays.toString(t.shape())
                        + " but the encoder config needs " + Arrays.toString(expected));
            }
            array.set(java.nio.FloatBuffer.wrap(t.values()));
        }
    }

    /**
     * The current parameter values under Hugging Face names, copied to the heap.
     *
     * @return name to tensor, in checkpoint order
     */
    public Map<String, FloatTensor> exportWeights() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            NDArray a = e.getValue().getArray();
            out.put(e.getKey(), new FloatTensor(a.getShape().getShape(), a.toFloatArray()));
        }
        return out;
    }

    /**
     * Where this encoder's dropout masks come from (and whoever trains it reseeds them); a model built around the
     * encoder draws its own dropout from the same source.
     *
     * @return the encoder's dropout masks
     */
    public DropoutMasks dropoutMasks() {
        return dropoutMasks;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() < 2) {
            throw new SpanrelException("BertModel needs (inputIds, attentionMask[, tokenTypeIds]), got "
                    + inputs.size() + " arrays");
        }
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.get(1);
        Device device = ids.getDevice();
        NDManager manager = ids.getManager();
        long batch = ids.getShape().get(0);
        long length = ids.getShape().get(1);
        if (length > config.maxPositionEmbeddings()) {
            throw new SpanrelException("sequence of " + length + " sub-tokens exceeds the encoder's "
                    + config.maxPositionEmbeddings() + " positions");
        }
        NDArray types = inputs.size() > 2 ? inputs.get(2) : manager.zeros(ids.getShape(), DataType.INT64, device);
        NDArray positions = manager.arange(0L, length, 1L, DataType.INT64, device);

        WordEmbeddingRows rows = wordEmbeddingRows;
        NDArray words = training && rows != null ? rows.embed(ids) : embed(ids, ps.getValue(wordEmbeddings, device, training));
        NDArray x = words
                .add(embed(positions, ps.getValue(positionEmbeddings, device, training)))
                .add(embed(types, ps.getValue(tokenTypeEmbeddings, device, training)));
        x = layerNorm(x, ps.getValue(embeddingsLnWeight, device, training), ps.getValue(embeddingsLnBias, device, training));
        x = dropout(x, config.hiddenDropoutProb(), training);

        // (1 - mask) * most-negative float, shaped [B, 1, 1, L] to broadcast over heads and query positions.
        NDArray additiveMask = mask.toType(DataType.FLOAT32, false).neg().add(1f)
                .mul(-Float.MAX_VALUE).reshape(batch, 1, 1, length);
        for (Layer layer : layers) {
            x = layer(x, additiveMask, layer, ps, device, training, batch, length);
        }
        NDList out = new NDList(x);
        if (withPooler) {
            NDArray cls = x.get(new NDIndex(":, 0, :"));
            out.add(Linear.linear(cls, ps.getValue(poolerWeight, device, training), ps.getValue(poolerBias, device, training))
                    .singletonOrThrow().tanh());
        }
        return out;
    }

    private NDArray layer(NDArray x, NDArray additiveMask, Layer p, ParameterStore ps, Device device,
            boolean training, long batch, long length) {
        NDArray attnOut = selfAttention(x, additiveMask, p, ps, device, training, batch, length);
        NDArray h = layerNorm(dropout(attnOut, config.hiddenDropoutProb(), training).add(x),
                ps.getValue(p.attnLnW(), device, training), ps.getValue(p.attnLnB(), device, training));
        NDArray out = feedForward(h, projection(p.interW(), ps, device, training), ps.getValue(p.interB(), device, training),
                projection(p.outW(), ps, device, training), ps.getValue(p.outB(), device, training), training);
        return layerNorm(dropout(out, config.hiddenDropoutProb(), training).add(h),
                ps.getValue(p.outLnW(), device, training), ps.getValue(p.outLnB(), device, training));
    }

    private NDArray feedForward(NDArray x, NDArray w1, NDArray b1, NDArray w2, NDArray b2, boolean training) {
        if (precision == Precision.BF16) {
            return Bf16FeedForward.apply(x, w1, b1, w2, b2, training);
        }
        NDArray inter = Linear.linear(x, w1, b1).singletonOrThrow();
        inter = inter.getNDArrayInternal().gelu(); // torch gelu, approximate='none': the exact erf form
        return Linear.linear(inter, w2, b2).singletonOrThrow();
    }

    /** Self-attention up to and including the output projection (before dropout and the residual). */
    private NDArray selfAttention(NDArray x, NDArray additiveMask, Layer p, ParameterStore ps, Device device,
            boolean training, long batch, long length) {
        int heads = config.numAttentionHeads();
        int headSize = config.headSize();
        long hidden = config.hiddenSize();
        if (precision == Precision.BF16) {
            NDManager manager = x.getManager();
            double rate = config.attentionProbsDropoutProb();
            NDArray keep = training && rate > 0
                    ? dropoutMasks.mask(manager, new Shape(batch, heads, length, length), rate)
                    : manager.create(1f);
            NDArray settings = manager.create(new float[] {heads});
            return Bf16SelfAttention.apply(new NDList(x,
                    projection(p.qW(), ps, device, training), ps.getValue(p.qB(), device, training),
                    projection(p.kW(), ps, device, training), ps.getValue(p.kB(), device, training),
                    projection(p.vW(), ps, device, training), ps.getValue(p.vB(), device, training),
                    projection(p.attnOutW(), ps, device, training), ps.getValue(p.attnOutB(), device, training),
                    additiveMask, keep, settings), training);
        }
        // Q is scaled before the product (L·d multiplies instead of L·L); K is laid out [B, heads, d, L] directly.
        NDArray q = Linear.linear(x, ps.getValue(p.qW(), device, training), ps.getValue(p.qB(), device, training))
                .singletonOrThrow().reshape(batch, length, heads, headSize).transpose(0, 2, 1, 3)
                .mul((float) (1.0 / Math.sqrt(headSize)));
        NDArray k = Linear.linear(x, ps.getValue(p.kW(), device, training), ps.getValue(p.kB(), device, training))
                .singletonOrThrow().reshape(batch, length, heads, headSize).transpose(0, 2, 3, 1);
        NDArray v = Linear.linear(x, ps.getValue(p.vW(), device, training), ps.getValue(p.vB(), device, training))
                .singletonOrThrow().reshape(batch, length, heads, headSize).transpose(0, 2, 1, 3);
        NDArray scores = q.matMul(k).add(additiveMask);
        NDArray probs = dropout(scores.softmax(-1), config.attentionProbsDropoutProb(), training);
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, hidden);
        return Linear.linear(context, ps.getValue(p.attnOutW(), device, training),
                ps.getValue(p.attnOutB(), device, training)).singletonOrThrow();
    }

    /**
     * A projection matrix as the layer multiplies with it: its bfloat16 copy where bfloat16 copies are kept (the
     * bfloat16 modules' casts are then no-ops), else the float32 weight (cast by the bfloat16 modules).
     */
    private NDArray projection(Parameter weight, ParameterStore ps, Device device, boolean training) {
        Bf16Weights copies = bf16Weights;
        if (copies != null && precision == Precision.BF16) {
            return copies.copyOf(weight);
        }
        return ps.getValue(weight, device, training);
    }

    /**
     * Keeps bfloat16 copies of the 6 projection matrices of every layer for {@link Precision#BF16} forward passes
     * until the returned copies are closed: the gradients of those matrices then arrive at the copies, in bfloat16,
     * and the float32 weights get none; the trainer's optimizer reads them there and rewrites the copies.
     *
     * @param manager the manager the copies are made in
     * @return the copies, by the names of {@link #namedParameters()}
     */
    public Bf16Weights keepBf16Copies(NDManager manager) {
        return keepBf16Copies(manager, true);
    }

    /**
     * For a model that only predicts at {@link Precision#BF16}: bfloat16 projection matrices without gradients, and
     * their float32 weights freed ({@link Bf16Weights#dropFloat32Weights()}): 170 MB instead of 340 MB for BERT-base,
     * and no casts at every forward pass.
     *
     * @param manager the manager the bfloat16 matrices are made in
     * @return the bfloat16 matrices
     */
    public Bf16Weights useBf16WeightsOnly(NDManager manager) {
        if (precision != Precision.BF16) {
            throw new IllegalStateException("bfloat16 weights alone need precision bf16; this encoder runs " + precision.configName());
        }
        Bf16Weights copies = keepBf16Copies(manager, false);
        copies.dropFloat32Weights();
        return copies;
    }

    private Bf16Weights keepBf16Copies(NDManager manager, boolean trainable) {
        if (bf16Weights != null) {
            throw new IllegalStateException("this encoder keeps bfloat16 copies already");
        }
        Map<String, Parameter> weights = new LinkedHashMap<>();
        for (Layer layer : layers) {
            for (Parameter p : List.of(layer.qW(), layer.kW(), layer.vW(), layer.attnOutW(), layer.interW(), layer.outW())) {
                weights.put(p.getName(), p);
            }
        }
        Bf16Weights copies = new Bf16Weights(this, weights, manager, trainable);
        bf16Weights = copies;
        return copies;
    }

    /**
     * Makes training forward passes look sub-tokens up in small tables of the word-embedding rows they use, until
     * the returned object is closed: the word-embedding weight then gets no gradient from autograd; its gradient is
     * {@link WordEmbeddingRows#gradient()} once {@link WordEmbeddingRows#fold()} has run after the backward pass.
     *
     * @param manager the manager the dense gradient buffer is made in
     * @return the gathered rows' gradient
     */
    public WordEmbeddingRows gatherWordEmbeddingRows(NDManager manager) {
        if (wordEmbeddingRows != null) {
            throw new IllegalStateException("this encoder gathers its word-embedding rows already");
        }
        WordEmbeddingRows rows = new WordEmbeddingRows(this, wordEmbeddings, manager);
        wordEmbeddingRows = rows;
        return rows;
    }

    /**
     * After a training backward pass: adds the gradients of the word-embedding rows the forward passes gathered
     * into {@link WordEmbeddingRows#gradient()}; nothing where the encoder does not gather rows.
     */
    public void foldGatheredRows() {
        WordEmbeddingRows rows = wordEmbeddingRows;
        if (rows != null) {
            rows.fold();
        }
    }

    void dropWordEmbeddingRows(WordEmbeddingRows rows) {
        if (wordEmbeddingRows == rows) {
            wordEmbeddingRows = null;
        }
    }

    void dropBf16Copies(Bf16Weights copies) {
        if (bf16Weights == copies) {
            bf16Weights = null;
        }
    }

    /**
     * The number format of the layers' matmuls (float32 unless set); fails on CPUs without bfloat16 support.
     *
     * @param precision float32 or bfloat16
     */
    public void setPrecision(Precision precision) {
        precision.requireSupported();
        setPrecisionEvenIfEmulated(precision);
    }

    /**
     * {@link #setPrecision} without the CPU check: libtorch computes bfloat16 on any x86 CPU, emulated (and slowly)
     * where the instructions are missing, so tests of what the bfloat16 path computes run on every machine.
     */
    void setPrecisionEvenIfEmulated(Precision precision) {
        Bf16Weights copies = bf16Weights;
        if (precision != Precision.BF16 && copies != null && !copies.hasFloat32Weights()) {
            throw new IllegalStateException("this encoder kept its projection matrices in bfloat16 only; it cannot run "
                    + precision.configName());
        }
        this.precision = precision;
    }

    /**
     * The number format of the layers' matmuls.
     *
     * @return {@link Precision#FP32} unless set otherwise
     */
    public Precision precision() {
        return precision;
    }

    private static NDArray embed(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    NDArray layerNorm(NDArray x, NDArray weight, NDArray bias) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), weight, bias, (float) config.layerNormEps())
                .singletonOrThrow();
    }

    private NDArray dropout(NDArray x, double rate, boolean training) {
        return dropoutMasks.apply(x, rate, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        Shape hidden = new Shape(ids.get(0), ids.get(1), config.hiddenSize());
        return withPooler ? new Shape[] {hidden, new Shape(ids.get(0), config.hiddenSize())} : new Shape[] {hidden};
    }
}
