package dev.spanrel.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.SharedFolder;
import org.junit.jupiter.api.Test;

/**
 * Dropout masks drawn in Java: the values and the keep rate of {@code torch.dropout}, the same masks from the same
 * seed, the gradient of a mask multiply, and the same masks in the float32 and the bfloat16 attention of a BERT.
 */
class DropoutMasksTest {
    private static final float KEPT = (float) (1.0 / 0.9);

    @Test
    void keepsOneMinusTheRateScaledByItsInverse() {
        try (NDManager m = NDManager.newBaseManager()) {
            int size = 1_000_001; // odd: the last element takes a draw of its own
            float[] mask = new DropoutMasks(3).mask(m, new Shape(size), 0.1).toFloatArray();
            long kept = 0;
            for (float v : mask) {
                assertThat(v == 0f || v == KEPT).as("mask value %s", v).isTrue();
                kept += v == 0f ? 0 : 1;
            }
            // 1e6 Bernoulli(0.9) draws: standard deviation 0.0003 of the kept share; 5 of them allowed.
            assertThat(kept / (double) size).isBetween(0.9 - 0.0015, 0.9 + 0.0015);
            float[] half = new DropoutMasks(3).mask(m, new Shape(100_000), 0.5).toFloatArray();
            long halfKept = 0;
            for (float v : half) {
                halfKept += v == 2f ? 1 : 0;
            }
            assertThat(halfKept / 100_000.0).isBetween(0.5 - 0.008, 0.5 + 0.008);
        }
    }

    @Test
    void theSameSeedDrawsTheSameMasks() {
        try (NDManager m = NDManager.newBaseManager()) {
            DropoutMasks masks = new DropoutMasks(11);
            float[] first = masks.mask(m, new Shape(4, 5, 6), 0.1).toFloatArray();
            float[] second = masks.mask(m, new Shape(4, 5, 6), 0.1).toFloatArray();
            assertThat(second).as("the stream goes on").isNotEqualTo(first);
            masks.reseed(11);
            assertThat(masks.mask(m, new Shape(4, 5, 6), 0.1).toFloatArray()).isEqualTo(first);
            assertThat(masks.mask(m, new Shape(4, 5, 6), 0.1).toFloatArray()).isEqualTo(second);
            assertThat(new DropoutMasks(12).mask(m, new Shape(4, 5, 6), 0.1).toFloatArray()).isNotEqualTo(first);
        }
    }

    @Test
    void passesThroughOutsideTrainingAndRefusesRatesOutsideTheUnitInterval() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(2, 3));
            DropoutMasks masks = new DropoutMasks(1);
            assertThat(masks.apply(x, 0.1, false)).isSameAs(x);
            assertThat(masks.apply(x, 0.0, true)).isSameAs(x);
            assertThatThrownBy(() -> masks.mask(m, new Shape(2), 1.0)).hasMessageContaining("(0, 1), got 1.0");
        }
    }

    @Test
    void theGradientIsTheMaskTimesTheUpstreamGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            NDArray x = m.randomNormal(new Shape(6, 7));
            NDArray weights = m.randomNormal(new Shape(6, 7));
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                y = new DropoutMasks(9).apply(x, 0.25, true);
                collector.backward(y.mul(weights).sum());
            }
            float[] expectedMask = new DropoutMasks(9).mask(m, new Shape(6, 7), 0.25).toFloatArray();
            float[] xs = x.toFloatArray();
            float[] ys = y.toFloatArray();
            float[] ws = weights.toFloatArray();
            float[] grads = x.getGradient().toFloatArray();
            for (int i = 0; i < xs.length; i++) {
                assertThat(ys[i]).isEqualTo(xs[i] * expectedMask[i]);
                assertThat(grads[i]).isEqualTo(ws[i] * expectedMask[i]);
            }
        }
    }

    /**
     * A training forward pass of the tiny BERT in float32 and in bfloat16 (which runs the attention's dropout inside
     * its TorchScript module) from the same seed draws the same masks in the same order: the hidden states agree to
     * bfloat16's precision, while another seed's masks, or none, give other hidden states. bfloat16 runs on any CPU here,
     * emulated where it is not native; only its speed needs the native instructions.
     */
    @Test
    void float32AndBfloat16AttentionDropTheSameElements() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(SharedFolder.fixture("tiny-bert").resolve("expected.json").toFile());
        BertConfig tiny = TinyBertFixture.config();
        // Dropout on the attention probabilities alone, and much of it, so that only those masks move the outputs.
        BertConfig config = new BertConfig(tiny.vocabSize(), tiny.hiddenSize(), tiny.numHiddenLayers(),
                tiny.numAttentionHeads(), tiny.intermediateSize(), tiny.maxPositionEmbeddings(), tiny.typeVocabSize(),
                tiny.layerNormEps(), 0.0, 0.5);
        try (NDManager m = NDManager.newBaseManager()) {
            BertModel model = TinyBertFixture.load(m, config);
            NDList input = new NDList(TinyBertParityTest.longs(m, expected.get("input_ids")),
                    TinyBertParityTest.longs(m, expected.get("attention_mask")));
            NDArray fp32 = trainingForward(model, m, input, 21);
            NDArray otherSeed = trainingForward(model, m, input, 22);
            model.setPrecisionEvenIfEmulated(Precision.BF16);
            NDArray bf16 = trainingForward(model, m, input, 21);
            NDArray bf16WithoutDropout = model.forward(new ParameterStore(m, false), input, false).head();
            // Measured: 5e-4 for the same masks, 0.06 for another seed's, 0.045 for none.
            assertThat(relativeError(bf16, fp32)).isBetween(1e-5, 5e-3);
            assertThat(relativeError(otherSeed, fp32)).isGreaterThan(0.02);
            assertThat(relativeError(bf16WithoutDropout, bf16)).isGreaterThan(0.02);
        }
    }

    private static NDArray trainingForward(BertModel model, NDManager m, NDList input, long seed) {
        model.dropoutMasks().reseed(seed);
        return model.forward(new ParameterStore(m, false), input, true).head();
    }

    /** ‖a − b‖ / ‖b‖. */
    private static double relativeError(NDArray a, NDArray b) {
        return a.sub(b).norm().getFloat() / b.norm().getFloat();
    }
}
