package dev.spanrel.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.SharedFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our BERT against Hugging Face's on a random 2-layer model: same weights in, same vectors out. */
class TinyBertParityTest {
    private static final Path TINY = SharedFolder.fixture("tiny-bert");
    private static JsonNode expected;

    @BeforeAll
    static void readExpected() throws IOException {
        expected = new ObjectMapper().readTree(TINY.resolve("expected.json").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.safetensors", "pytorch_model.bin"})
    void matchesHuggingFace(String checkpoint) {
        BertConfig config = BertConfig.read(TINY.resolve("config.json"));
        Map<String, FloatTensor> weights = Checkpoints.read(TINY.resolve(checkpoint));
        assertThat(weights).containsKeys("embeddings.word_embeddings.weight", "pooler.dense.weight",
                "encoder.layer.1.output.LayerNorm.bias");
        Checkpoints.validate(weights, config, checkpoint);
        try (NDManager manager = NDManager.newBaseManager()) {
            BertModel model = new BertModel(config, true);
            model.initialize(manager);
            model.loadWeights(weights);
            NDList out = model.forward(new ParameterStore(manager, false), new NDList(
                    longs(manager, expected.get("input_ids")),
                    longs(manager, expected.get("attention_mask")),
                    longs(manager, expected.get("token_type_ids"))), false);
            assertClose(out.get(0), expected.get("last_hidden_state"));
            assertClose(out.get(1), expected.get("pooler_output"));
        }
    }

    static NDArray longs(NDManager manager, JsonNode rows) {
        int b = rows.size();
        int l = rows.get(0).size();
        long[] v = new long[b * l];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < l; j++) {
                v[i * l + j] = rows.get(i).get(j).asLong();
            }
        }
        return manager.create(v, new ai.djl.ndarray.types.Shape(b, l));
    }

    private static void assertClose(NDArray actual, JsonNode expectedNested) {
        float[] got = actual.toFloatArray();
        java.util.List<Double> want = new java.util.ArrayList<>();
        flatten(expectedNested, want);
        assertThat(got).hasSize(want.size());
        double maxDiff = 0;
        for (int i = 0; i < got.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(got[i] - want.get(i)));
        }
        assertThat(maxDiff).isCloseTo(0.0, within(1e-5));
    }

    private static void flatten(JsonNode n, java.util.List<Double> out) {
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out));
        } else {
            out.add(n.asDouble());
        }
    }
}
