package dev.spanrel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.spanrel.encoder.BertConfig;
import dev.spanrel.encoder.BertModel;
import dev.spanrel.encoder.Bf16Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The joint span model: a BERT encoder, max-pooled span vectors with a width embedding, an entity classifier over
 * {@code [h_CLS ; M(s)]} and a multi-label relation classifier over {@code [context ; M(s1) ; M(s2)]}
 * (docs/method.md sections 2 and 4.1). Outputs are logits; temperatures and losses are applied by the caller.
 *
 * <p>Head parameters are initialised as in BERT (normal, std 0.02; zero biases), like SpERT's heads.
 */
public final class SpanRelModel extends AbstractBlock {
    private static final float STD = 0.02f;

    private final BertModel encoder;
    private final ModelConfig config;
    private final int entityClasses;
    private final int relationTypes;
    private final Parameter widthEmbedding;
    private final Parameter entityTypeEmbedding;
    private final Linear entityClassifier;
    private final Linear relationClassifier;

    /**
     * The network; its parameters exist once {@link #initialize(NDManager)} has run.
     *
     * @param bertConfig the encoder's architecture
     * @param config the heads' settings
     * @param entityTypes the entity types (the classifier adds one class for "no entity")
     * @param relationTypes the relation types
     */
    public SpanRelModel(BertConfig bertConfig, ModelConfig config, int entityTypes, int relationTypes) {
        super((byte) 1);
        this.config = config;
        this.entityClasses = entityTypes + 1;
        this.relationTypes = relationTypes;
        this.encoder = addChildBlock("encoder", new BertModel(bertConfig, false));
        this.widthEmbedding = addParameter(Parameter.builder()
                .setName("width_embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.widthEmbeddingCount(), config.widthEmbeddingSize()))
                .build());
        this.entityTypeEmbedding = config.relationUsesEntityTypes()
                ? addParameter(Parameter.builder()
                        .setName("entity_type_embedding")
                        .setType(Parameter.Type.WEIGHT)
                        .optShape(new Shape(entityClasses, config.entityTypeEmbeddingSize()))
                        .build())
                : null;
        this.entityClassifier = addChildBlock("entity_classifier", Linear.builder().setUnits(entityClasses).build());
        this.relationClassifier = addChildBlock("relation_classifier", Linear.builder().setUnits(relationTypes).build());
        setInitializer(new NormalInitializer(STD), Parameter.Type.WEIGHT);
    }

    /**
     * The BERT encoder inside.
     *
     * @return the encoder block
     */
    public BertModel encoder() {
        return encoder;
    }

    /**
     * The heads' settings.
     *
     * @return the configuration
     */
    public ModelConfig config() {
        return config;
    }

    /**
     * Entity classes: the entity types plus "no entity".
     *
     * @return the count
     */
    public int entityClasses() {
        return entityClasses;
    }

    /**
     * The number of relation types.
     *
     * @return the count
     */
    public int relationTypes() {
        return relationTypes;
    }

    /**
     * Initialises every parameter (encoder included) on the manager's device; load weights afterwards.
     *
     * @param manager the manager that owns the parameters
     */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 4), new Shape(1, 4));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int hidden = encoder.config().hiddenSize();
        encoder.initialize(manager);
        entityClassifier.initialize(manager, dataType, new Shape(1, entityInputSize(hidden)));
        relationClassifier.initialize(manager, dataType, new Shape(1, relationInputSize(hidden)));
    }

    private int entityInputSize(int hidden) {
        return 2 * hidden + config.widthEmbeddingSize();
    }

    private int relationInputSize(int hidden) {
        int size = 3 * hidden + 2 * config.widthEmbeddingSize();
        return config.relationUsesEntityTypes() ? size + 2 * config.entityTypeEmbeddingSize() : size;
    }

    /** The encoder's view of a batch: the [CLS] vectors and the range-max table over word vectors. */
    public record EncodedBatch(NDArray cls, NDArray rangeMaxTable) {}

    /**
     * Runs the encoder (in windows when the batch is too long for it) and builds the range-max table.
     *
     * @param ps the parameter store
     * @param batch the batch's tensors
     * @param training whether dropout is active
     * @return the {@code [CLS]} vectors and the range-max table over the word vectors
     */
    public EncodedBatch encode(ParameterStore ps, BatchTensors batch, boolean training) {
        NDArray hidden;
        if (batch.windows().isPresent()) {
            BatchTensors.Windows w = batch.windows().get();
            NDArray windowHidden = encoder.forward(ps, new NDList(w.ids(), w.mask()), training).singletonOrThrow();
            long size = windowHidden.getShape().get(2);
            hidden = gatherRows(windowHidden.reshape(-1, size), w.gather());
        } else {
            hidden = encoder.forward(ps, new NDList(batch.inputIds(), batch.attentionMask()), training).singletonOrThrow();
        }
        return encodeHidden(hidden, batch.wordPieces());
    }

    /**
     * Word vectors (max over each word's pieces) and their range-max table, from hidden states [B, L, H]: what the
     * heads read. Public for decoding, which runs the encoder in pieces of its own to bound memory.
     *
     * @param hidden the encoder's hidden states [B, L, H]
     * @param wordPieces each word's piece positions [B, words, piecesPerWord]
     * @return the pooled batch
     */
    public static EncodedBatch encodeHidden(NDArray hidden, NDArray wordPieces) {
        long batch = hidden.getShape().get(0);
        long length = hidden.getShape().get(1);
        long size = hidden.getShape().get(2);
        NDArray flat = hidden.reshape(batch * length, size);
        NDArray words = gatherRows(flat, wordPieces).max(new int[] {2});
        List<NDArray> levels = new ArrayList<>();
        levels.add(words);
        long wordLen = words.getShape().get(1);
        NDArray current = words;
        for (long shift = 1; 2 * shift <= wordLen; shift *= 2) {
            // Level j = max over 2^j words starting here; rows past the end are never addressed.
            NDArray shifted = current.get(":, {}:, :", shift).concat(current.get(":, :{}, :", shift), 1);
            current = current.maximum(shifted);
            levels.add(current);
        }
        NDArray table = NDArrays.stack(new NDList(levels), 0).reshape(-1, size);
        NDArray cls = hidden.get(":, 0, :");
        return new EncodedBatch(cls, table);
    }

    /** Entity logits and, when the batch has pairs, relation logits. */
    public record Outputs(NDArray entityLogits, java.util.Optional<NDArray> relationLogits) {}

    /**
     * Entity logits for the batch's spans and relation logits for its pairs, if it has any.
     *
     * @param ps the parameter store
     * @param batch the batch's tensors
     * @param training whether dropout is active
     * @return the logits
     */
    public Outputs forward(ParameterStore ps, BatchTensors batch, boolean training) {
        EncodedBatch encoded = encode(ps, batch, training);
        NDArray entityLogits = entityLogits(ps, encoded, batch.spanLeft(), batch.spanRight(), batch.spanWidth(), training);
        return new Outputs(entityLogits, batch.pairs().map(p -> relationLogits(ps, encoded, p, training)));
    }

    /**
     * Entity logits [B, E, types + 1] for the spans given by their two table rows and width.
     *
     * @param ps the parameter store
     * @param encoded the encoded batch
     * @param spanLeft table rows of the spans' left halves
     * @param spanRight table rows of the spans' right halves
     * @param spanWidth width-embedding indices
     * @param training whether dropout is active
     * @return the logits
     */
    public NDArray entityLogits(ParameterStore ps, EncodedBatch encoded, NDArray spanLeft, NDArray spanRight, NDArray spanWidth, boolean training) {
        NDArray pooled = spanVectors(encoded, spanLeft, spanRight);
        Shape spansShape = spanLeft.getShape();
        NDArray cls = encoded.cls().expandDims(1).broadcast(new Shape(spansShape.get(0), spansShape.get(1), encoded.cls().getShape().get(1)));
        NDArray widths = gatherRows(value(ps, widthEmbedding, spanLeft, training), spanWidth);
        NDArray input = NDArrays.concat(new NDList(cls, pooled, widths), 2);
        input = dropout(input, training);
        return entityClassifier.forward(ps, new NDList(input), training).singletonOrThrow();
    }

    /**
     * Relation logits [B, P, relation types] for ordered span pairs.
     *
     * @param ps the parameter store
     * @param encoded the encoded batch
     * @param pairs the pairs' table rows, widths and types
     * @param training whether dropout is active
     * @return the logits
     */
    public NDArray relationLogits(ParameterStore ps, EncodedBatch encoded, PairTensors pairs, boolean training) {
        NDArray width = value(ps, widthEmbedding, pairs.headLeft(), training);
        NDArray context = spanVectors(encoded, pairs.contextLeft(), pairs.contextRight()).mul(pairs.contextPresent().expandDims(2));
        NDList parts = new NDList(
                context,
                spanVectors(encoded, pairs.headLeft(), pairs.headRight()),
                spanVectors(encoded, pairs.tailLeft(), pairs.tailRight()),
                gatherRows(width, pairs.headWidth()),
                gatherRows(width, pairs.tailWidth()));
        if (entityTypeEmbedding != null) {
            NDArray types = value(ps, entityTypeEmbedding, pairs.headLeft(), training);
            parts.add(gatherRows(types, pairs.headTypes()));
            parts.add(gatherRows(types, pairs.tailTypes()));
        }
        NDArray input = dropout(NDArrays.concat(parts, 2), training);
        return relationClassifier.forward(ps, new NDList(input), training).singletonOrThrow();
    }

    /** The pair inputs of {@link #relationLogits}, each [B, P] (contextPresent float, the rest int64). */
    public record PairTensors(
            NDArray headLeft, NDArray headRight, NDArray headWidth,
            NDArray tailLeft, NDArray tailRight, NDArray tailWidth,
            NDArray contextLeft, NDArray contextRight, NDArray contextPresent,
            NDArray headTypes, NDArray tailTypes) {}

    static NDArray spanVectors(EncodedBatch encoded, NDArray left, NDArray right) {
        return gatherRows(encoded.rangeMaxTable(), left).maximum(gatherRows(encoded.rangeMaxTable(), right));
    }

    private NDArray dropout(NDArray input, boolean training) {
        return encoder.dropoutMasks().apply(input, config.dropout(), training);
    }

    private static NDArray value(ParameterStore ps, Parameter parameter, NDArray onDeviceOf, boolean training) {
        return ps.getValue(parameter, onDeviceOf.getDevice(), training);
    }

    /**
     * Rows of {@code table} [R, H] at {@code indices} (any shape) → indices.shape + [H]; differentiable in table.
     *
     * @param table the rows
     * @param indices the row of each output position
     * @return the gathered rows
     */
    public static NDArray gatherRows(NDArray table, NDArray indices) {
        return indices.getNDArrayInternal().embedding(indices, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /**
     * DJL's block interface, for batches that fit the encoder (no windows); {@link #forward(ParameterStore,
     * BatchTensors, boolean)} is the full path. Inputs, in order: inputIds, attentionMask, wordPieces, spanLeft,
     * spanRight, spanWidth, then the eleven {@link PairTensors} fields. Outputs: entity logits and relation logits
     * (the latter absent when the batch has no pairs).
     */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray hidden = encoder.forward(ps, new NDList(inputs.get(0), inputs.get(1)), training).singletonOrThrow();
        EncodedBatch encoded = encodeHidden(hidden, inputs.get(2));
        NDArray entityLogits = entityLogits(ps, encoded, inputs.get(3), inputs.get(4), inputs.get(5), training);
        if (inputs.size() < 17 || inputs.get(6).getShape().get(1) == 0) {
            return new NDList(entityLogits);
        }
        PairTensors pairs = new PairTensors(inputs.get(6), inputs.get(7), inputs.get(8), inputs.get(9), inputs.get(10),
                inputs.get(11), inputs.get(12), inputs.get(13), inputs.get(14), inputs.get(15), inputs.get(16));
        return new NDList(entityLogits, relationLogits(ps, encoded, pairs, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape spans = inputShapes.length > 3 ? inputShapes[3] : new Shape(1, 1);
        return new Shape[] {new Shape(spans.get(0), spans.get(1), entityClasses)};
    }

    /** What the encoder's parameter names are prefixed with in {@link #namedParameters()}. */
    public static final String ENCODER_PREFIX = "encoder.";

    /**
     * The encoder's bfloat16 weight copies under the names {@link #namedParameters()} gives their weights, for the
     * optimizer.
     *
     * @param copies copies this model's encoder keeps
     * @return prefixed name to copy
     */
    public static Map<String, NDArray> namedCopies(Bf16Weights copies) {
        Map<String, NDArray> named = new LinkedHashMap<>();
        copies.byName().forEach((name, copy) -> named.put(ENCODER_PREFIX + name, copy));
        return named;
    }

    /** The name {@link #namedParameters()} gives the encoder's word-embedding table. */
    public static final String WORD_EMBEDDINGS = ENCODER_PREFIX + "embeddings.word_embeddings.weight";

    /**
     * Every trainable tensor under a stable name: the encoder's Hugging Face names prefixed {@code encoder.}, the
     * heads under ours. These names are the keys of {@code model.safetensors}.
     *
     * @return name to parameter, in a fixed order
     */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        encoder.namedParameters().forEach((name, p) -> named.put(ENCODER_PREFIX + name, p));
        named.put("width_embedding.weight", widthEmbedding);
        if (entityTypeEmbedding != null) {
            named.put("entity_type_embedding.weight", entityTypeEmbedding);
        }
        named.put("entity_classifier.weight", entityClassifier.getParameters().get("weight"));
        named.put("entity_classifier.bias", entityClassifier.getParameters().get("bias"));
        named.put("relation_classifier.weight", relationClassifier.getParameters().get("weight"));
        named.put("relation_classifier.bias", relationClassifier.getParameters().get("bias"));
        return named;
    }
}
