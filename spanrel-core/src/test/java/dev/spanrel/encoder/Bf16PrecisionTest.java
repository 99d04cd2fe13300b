package dev.spanrel.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.SharedFolder;
import dev.spanrel.SpanrelException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * bfloat16 matmuls agree with float32 to bfloat16's precision (8 significant bits: relative errors of a few
 * 1e-3 per product), forward and backward, and the tiny BERT gives the same vectors as in float32 up to that.
 */
class Bf16PrecisionTest {
    @Test
    void parsesTheConfigNames() {
        assertThat(Precision.parse("bf16", "precision")).isEqualTo(Precision.BF16);
        assertThat(Precision.parse("FP32", "precision")).isEqualTo(Precision.FP32);
        assertThatThrownBy(() -> Precision.parse("fp16", "precision"))
                .isInstanceOf(SpanrelException.class).hasMessageContaining("precision must be fp32, bf16 or auto");
    }

    @Test
    void feedForwardMatchesFloat32ForwardAndBackward() {
        assumeTrue(Precision.cpuHasBf16(), "this CPU has no native bfloat16");
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(7);
            NDArray[] inputs = {
                m.randomNormal(new Shape(3, 5, 64)),
                m.randomNormal(new Shape(128, 64)).mul(0.1f), m.randomNormal(new Shape(128)).mul(0.1f),
                m.randomNormal(new Shape(64, 128)).mul(0.1f), m.randomNormal(new Shape(64)).mul(0.1f)};
            NDArray[] fp32Grads = gradients(inputs, false);
            NDArray[] bf16Grads = gradients(inputs, true);
            assertThat(relativeError(bf16Grads[5], fp32Grads[5])).as("output").isBetween(1e-5, 1e-2);
            for (int i = 0; i < inputs.length; i++) {
                assertThat(relativeError(bf16Grads[i], fp32Grads[i])).as("gradient %d", i).isBetween(1e-5, 2e-2);
            }
        }
    }

    @Test
    void tinyBertAgreesWithFloat32() throws Exception {
        assumeTrue(Precision.cpuHasBf16(), "this CPU has no native bfloat16");
        Path tiny = SharedFolder.fixture("tiny-bert");
        JsonNode expected = new ObjectMapper().readTree(tiny.resolve("expected.json").toFile());
        try (NDManager m = NDManager.newBaseManager()) {
            BertModel model = TinyBertFixture.load(m, Precision.FP32);
            NDList input = new NDList(TinyBertParityTest.longs(m, expected.get("input_ids")),
                    TinyBertParityTest.longs(m, expected.get("attention_mask")));
            NDArray fp32 = model.forward(new ParameterStore(m, false), input, false).head();
            model.setPrecision(Precision.BF16);
            NDArray bf16 = model.forward(new ParameterStore(m, false), input, false).head();
            double error = relativeError(bf16, fp32);
            assertThat(error).isBetween(1e-5, 2e-2);
        }
    }

    /** The gradients of every input, then the output, of the feed-forward block on fresh copies of the inputs. */
    private static NDArray[] gradients(NDArray[] inputs, boolean bf16) {
        NDArray[] params = new NDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            params[i] = inputs[i].duplicate();
            params[i].setName("layer.0.input" + i); // dotted, like BERT's parameter names
            params[i].setRequiresGradient(true);
        }
        NDArray[] out = new NDArray[inputs.length + 1];
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = bf16
                    ? Bf16FeedForward.apply(params[0], params[1], params[2], params[3], params[4], true)
                    : Linear.linear(Linear.linear(params[0], params[1], params[2]).singletonOrThrow()
                            .getNDArrayInternal().gelu(), params[3], params[4]).singletonOrThrow();
            out[inputs.length] = y.duplicate();
            // A loss whose gradient differs per output element, so the backward products are real matmuls.
            collector.backward(y.mul(y).sum());
        }
        for (int i = 0; i < inputs.length; i++) {
            out[i] = params[i].getGradient().duplicate();
        }
        return out;
    }

    /** ‖a − b‖ / ‖b‖. */
    private static double relativeError(NDArray a, NDArray b) {
        return a.sub(b).norm().getFloat() / b.norm().getFloat();
    }
}
