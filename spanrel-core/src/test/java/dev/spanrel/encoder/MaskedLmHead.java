package dev.spanrel.encoder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.spanrel.SpanrelException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BERT's masked-language-model head (dense + GELU + LayerNorm, then a decoder tied to the word embeddings plus a
 * bias): hidden states [B, L, H] → vocabulary logits [B, L, V]. Used to check that weights, tokenizer and encoder
 * agree ("Paris") in {@code BertBaseCasedIT}; extraction does not need it, so it lives with the tests.
 */
public final class MaskedLmHead extends AbstractBlock {
    private final BertModel encoder;
    private final Map<String, Parameter> named = new LinkedHashMap<>();

    /**
     * The head over {@code encoder}, whose word embeddings it shares as its decoder weight.
     *
     * @param encoder the encoder whose hidden states it predicts tokens from
     */
    public MaskedLmHead(BertModel encoder) {
        super((byte) 1);
        this.encoder = encoder;
        for (Map.Entry<String, long[]> e : encoder.config().maskedLmShapes().entrySet()) {
            String name = e.getKey();
            boolean weight = name.endsWith("dense.weight");
            boolean gamma = name.endsWith("LayerNorm.weight");
            Parameter p = Parameter.builder().setName(name)
                    .setType(weight ? Parameter.Type.WEIGHT : gamma ? Parameter.Type.GAMMA : Parameter.Type.BIAS)
                    .optShape(new Shape(e.getValue()))
                    .optInitializer(weight ? new NormalInitializer(0.02f) : new ConstantInitializer(gamma ? 1f : 0f))
                    .build();
            named.put(name, addParameter(p));
        }
    }

    /**
     * Initializes the head's parameters (Hugging Face's initialization) on the manager's device.
     *
     * @param manager the manager that owns the parameters
     */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1, encoder.config().hiddenSize()));
    }

    /**
     * Copies the {@code cls.predictions.*} tensors in; all five are required.
     *
     * @param hfTensors tensors by Hugging Face name
     */
    public void loadWeights(Map<String, FloatTensor> hfTensors) {
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            FloatTensor t = hfTensors.get(e.getKey());
            long[] expected = e.getValue().getArray().getShape().getShape();
            if (t == null) {
                throw new SpanrelException("checkpoint lacks masked-LM tensor '" + e.getKey() + "'");
            }
            if (!t.hasShape(expected)) {
                throw new SpanrelException("tensor '" + e.getKey() + "' has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(expected));
            }
            e.getValue().getArray().set(java.nio.FloatBuffer.wrap(t.values()));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray h = inputs.singletonOrThrow();
        Device d = h.getDevice();
        NDArray t = Linear.linear(h, ps.getValue(named.get("cls.predictions.transform.dense.weight"), d, training),
                ps.getValue(named.get("cls.predictions.transform.dense.bias"), d, training)).singletonOrThrow();
        t = t.getNDArrayInternal().gelu();
        t = encoder.layerNorm(t, ps.getValue(named.get("cls.predictions.transform.LayerNorm.weight"), d, training),
                ps.getValue(named.get("cls.predictions.transform.LayerNorm.bias"), d, training));
        NDArray logits = Linear.linear(t, ps.getValue(encoder.wordEmbeddings(), d, training),
                ps.getValue(named.get("cls.predictions.bias"), d, training)).singletonOrThrow();
        return new NDList(logits);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape h = inputShapes[0];
        return new Shape[] {new Shape(h.get(0), h.get(1), encoder.config().vocabSize())};
    }
}
