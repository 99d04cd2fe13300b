package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A skipped update is logged and kept in the run's state, which checkpoints carry over a resume and results.json
 * keeps; an applied update leaves no trace.
 */
class SkippedUpdateListenerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSkippedUpdateIsLoggedAndKeptWithItsNumberNormAndLastNonFiniteParameter() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            params.put("embeddings.weight", parameter(manager, "embeddings.weight"));
            params.put("layer.0.query.weight", parameter(manager, "layer.0.query.weight"));
            params.put("layer.0.key.weight", parameter(manager, "layer.0.key.weight"));
            try (AdamW adam = new AdamW(params, manager, 0.01, 1.0)) {
                TrainingState state = new TrainingState(TrainConfig.defaults(), 2, 40, 0, System.nanoTime(),
                        JSON.createArrayNode(), JSON.createArrayNode(), new TrainingObjective(TrainConfig.defaults(), 100));
                state.beginEpoch(10);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                SkippedUpdateListener listener = new SkippedUpdateListener(new PrintStream(out, true, StandardCharsets.UTF_8), adam);

                // Gradients (1, 1) for the embeddings and the query, (0, 0) for the key: all finite, applied.
                float finite = backwardAndStep(manager, params, 1f, adam);
                state.updated(8);
                listener.onUpdate(state, new UpdateResult(0.5f, finite, List.of(), 0, 0));
                assertThat(state.skippedUpdates()).isEmpty();
                assertThat(out.size()).isZero();

                // A NaN reaches the embeddings and the query, as a backward pass would carry it down from the query.
                float norm = backwardAndStep(manager, params, Float.NaN, adam);
                state.updated(8);
                listener.onUpdate(state, new UpdateResult(0.25f, norm, List.of(), 0, 0));
                assertThat(norm).isNaN();
                assertThat(state.skippedUpdates()).hasSize(1);
                JsonNode entry = state.skippedUpdates().get(0);
                assertThat(entry.toString()).isEqualTo("{\"update\":42,\"epoch\":3,\"loss\":\"0.25\",\"gradient_norm\":\"NaN\","
                        + "\"non_finite_parameters\":2,\"last_non_finite_parameter\":\"layer.0.query.weight\",\"documents\":[]}");
                assertThat(out.toString(StandardCharsets.UTF_8)).contains("update 42 skipped: loss 0.25, gradient norm NaN, "
                        + "non-finite gradients in [embeddings.weight, layer.0.query.weight], documents []");
            }
        }
    }

    @Test
    void checkpointStatesCarryTheSkippedUpdatesAndOlderOnesReadAsNone() throws Exception {
        ObjectNode skipped = JSON.createObjectNode().put("update", 7).put("gradient_norm", "Infinity");
        Checkpoint.State state = new Checkpoint.State(1, 9, "abc", 12.0, null, null, JSON.createArrayNode().add(skipped));
        Checkpoint.State back = JSON.treeToValue(JSON.valueToTree(state), Checkpoint.State.class);
        assertThat(back.skippedUpdates()).containsExactly(skipped);
        ObjectNode older = JSON.createObjectNode().put("epochsDone", 1).put("stepsDone", 9).put("configDigest", "abc");
        assertThat(JSON.treeToValue(older, Checkpoint.State.class).skippedUpdates()).isEmpty();
    }

    private static float backwardAndStep(NDManager manager, Map<String, Parameter> params, float queryFactor, AdamW adam) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = params.get("embeddings.weight").getArray().mul(queryFactor).sum()
                    .add(params.get("layer.0.query.weight").getArray().mul(queryFactor).sum())
                    .add(params.get("layer.0.key.weight").getArray().mul(0f).sum());
            collector.backward(loss);
        }
        return adam.step(0.01f);
    }

    private static Parameter parameter(NDManager manager, String name) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        NDArray array = manager.create(new float[] {1f, -2f}, new Shape(2));
        array.setRequiresGradient(true);
        p.setArray(array);
        return p;
    }
}
