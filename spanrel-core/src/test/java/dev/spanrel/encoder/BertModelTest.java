package dev.spanrel.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.spanrel.SpanrelException;
import dev.spanrel.SharedFolder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BertModelTest {
    private static final Path TINY = SharedFolder.fixture("tiny-bert");

    @Test
    void missingTokenTypeEmbeddingsBecomeZerosAndPoolerIsOptional() {
        BertConfig config = BertConfig.read(TINY.resolve("config.json"));
        Map<String, FloatTensor> weights = new HashMap<>(Checkpoints.read(TINY));
        weights.remove("embeddings.token_type_embeddings.weight");
        weights.remove("pooler.dense.weight");
        weights.remove("pooler.dense.bias");
        try (NDManager manager = NDManager.newBaseManager()) {
            BertModel model = new BertModel(config, false);
            model.initialize(manager);
            model.loadWeights(weights);
            assertThat(model.namedParameters()).doesNotContainKey("pooler.dense.weight");
            float[] types = model.namedParameters().get("embeddings.token_type_embeddings.weight").getArray().toFloatArray();
            assertThat(types).containsOnly(0f);
            NDList out = model.forward(new ParameterStore(manager, false),
                    new NDList(manager.ones(new Shape(2, 5), DataType.INT64), manager.ones(new Shape(2, 5))), false);
            assertThat(out).hasSize(1);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 5, 32));
        }
    }

    @Test
    void missingOrMisshapedTensorsAreClearErrors() {
        BertConfig config = BertConfig.read(TINY.resolve("config.json"));
        Map<String, FloatTensor> weights = new HashMap<>(Checkpoints.read(TINY));
        try (NDManager manager = NDManager.newBaseManager()) {
            BertModel model = new BertModel(config, true);
            model.initialize(manager);
            Map<String, FloatTensor> missing = new HashMap<>(weights);
            missing.remove("encoder.layer.1.intermediate.dense.bias");
            assertThatThrownBy(() -> model.loadWeights(missing)).isInstanceOf(SpanrelException.class)
                    .hasMessageContaining("encoder.layer.1.intermediate.dense.bias");
            Map<String, FloatTensor> wrong = new HashMap<>(weights);
            wrong.put("pooler.dense.bias", new FloatTensor(new long[] {3}, new float[3]));
            assertThatThrownBy(() -> model.loadWeights(wrong)).isInstanceOf(SpanrelException.class)
                    .hasMessageContaining("pooler.dense.bias").hasMessageContaining("[3]");
        }
    }

    @Test
    void exportReturnsWhatWasLoaded() {
        BertConfig config = BertConfig.read(TINY.resolve("config.json"));
        Map<String, FloatTensor> weights = Checkpoints.read(TINY);
        try (NDManager manager = NDManager.newBaseManager()) {
            BertModel model = new BertModel(config, true);
            model.initialize(manager);
            model.loadWeights(weights);
            Map<String, FloatTensor> out = model.exportWeights();
            assertThat(out.keySet()).containsExactlyElementsOf(config.tensorShapes(true).keySet());
            for (var e : out.entrySet()) {
                assertThat(e.getValue().values()).as(e.getKey()).containsExactly(weights.get(e.getKey()).values());
            }
        }
    }

    @Test
    void trainingModeGivesGradientsToEveryParameterAndDropoutIsOnlyThere() {
        BertConfig config = BertConfig.read(TINY.resolve("config.json"));
        try (NDManager manager = NDManager.newBaseManager()) {
            BertModel model = new BertModel(config, true);
            model.initialize(manager);
            model.loadWeights(Checkpoints.read(TINY));
            NDArray ids = manager.create(new long[] {2, 15, 37, 98, 4, 3}, new Shape(1, 6));
            NDArray mask = manager.ones(new Shape(1, 6), DataType.INT64);
            ParameterStore ps = new ParameterStore(manager, false);
            float[] eval1 = model.forward(ps, new NDList(ids, mask), false).get(0).toFloatArray();
            float[] eval2 = model.forward(ps, new NDList(ids, mask), false).get(0).toFloatArray();
            assertThat(eval1).containsExactly(eval2);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = model.forward(ps, new NDList(ids, mask), true);
                assertThat(out.get(0).toFloatArray()).isNotEqualTo(eval1);
                gc.backward(out.get(0).sum().add(out.get(1).sum()));
            }
            for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                NDArray g = e.getValue().getArray().getGradient();
                if (!e.getKey().equals("embeddings.token_type_embeddings.weight")) {
                    assertThat(g.abs().sum().getFloat()).as(e.getKey()).isGreaterThan(0f);
                }
            }
        }
    }

    @Test
    void geluIsTheExactErfForm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {-2f, -0.5f, 1f, 3f});
            float[] got = x.getNDArrayInternal().gelu().toFloatArray();
            float[] want = {-0.04550026f, -0.15426877f, 0.84134475f, 2.9959502f}; // 0.5·x·(1+erf(x/√2))
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).isCloseTo(want[i], org.assertj.core.api.Assertions.within(1e-6f));
            }
        }
    }
}
