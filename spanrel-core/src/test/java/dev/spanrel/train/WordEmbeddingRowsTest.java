package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.spanrel.encoder.BertModel;
import dev.spanrel.encoder.Precision;
import dev.spanrel.encoder.TinyBertFixture;
import dev.spanrel.encoder.WordEmbeddingRows;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gathering the word-embedding rows a batch uses gives the word-embedding gradient autograd's dense lookup gives,
 * float for float (repeated sub-tokens and padding included), and 4 AdamW updates (dropout, clipping, decay) end with
 * the same weights; the weight itself gets no gradient from autograd meanwhile.
 */
class WordEmbeddingRowsTest {
    private static final String TABLE = "embeddings.word_embeddings.weight";

    @Test
    void gatheredRowsTrainFloatForFloatAsTheDenseLookup() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            BertModel dense = tinyBert(manager);
            BertModel gathering = tinyBert(manager);
            try (WordEmbeddingRows rows = gathering.gatherWordEmbeddingRows(manager);
                    AdamW plain = new AdamW(dense.namedParameters(), manager, 0.01, 1.0);
                    AdamW gathered = new AdamW(gathering.namedParameters(), manager, 0.01, 1.0)) {
                gathered.readGradientFrom(TABLE, rows.gradient());
                // Sub-tokens 2 and 3 repeat within and across the sentences; 0 pads.
                NDArray ids = manager.create(new long[] {2, 17, 45, 17, 93, 3, 2, 60, 11, 3, 0, 0}, new Shape(2, 6));
                NDArray mask = manager.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new Shape(2, 6));
                manager.getEngine().setRandomSeed(3);
                NDArray target = manager.randomNormal(new Shape(2, 6, 32));
                for (int update = 0; update < 4; update++) {
                    backward(dense, ids, mask, target, update);
                    backward(gathering, ids, mask, target, update);
                    if (update == 0) {
                        float[] expected = dense.namedParameters().get(TABLE).getArray().getGradient().toFloatArray();
                        float[] actual = rows.gradient().toFloatArray();
                        assertThat(Arrays.mismatch(expected, actual)).as("first differing gradient float").isEqualTo(-1);
                        assertThat(actual[17 * 32]).as("a used row has a gradient").isNotZero();
                        assertThat(actual[18 * 32]).as("an unused row has none").isZero();
                    }
                    float lr = 5e-3f * (update + 1);
                    assertThat(gathered.step(lr)).as("gradient norm at update " + update).isEqualTo(plain.step(lr));
                }
                for (Map.Entry<String, Parameter> e : dense.namedParameters().entrySet()) {
                    float[] expected = e.getValue().getArray().toFloatArray();
                    float[] actual = gathering.namedParameters().get(e.getKey()).getArray().toFloatArray();
                    assertThat(Arrays.mismatch(expected, actual)).as(e.getKey() + ": first differing float").isEqualTo(-1);
                }
                assertThat(rows.gradient().toFloatArray()).as("cleared by the update").containsOnly(0f);
            }
        }
    }

    private static void backward(BertModel model, NDArray ids, NDArray mask, NDArray target, int update) {
        try (NDManager scope = ids.getManager().newSubManager()) {
            Engine.getInstance().setRandomSeed(100 + update);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out = model.forward(new ParameterStore(scope, false), new NDList(ids, mask), true).head();
                collector.backward(out.mul(target).sum().add(out.mul(out).sum().mul(0.1f)));
                model.foldGatheredRows();
            }
        }
    }

    private static BertModel tinyBert(NDManager manager) throws Exception {
        return TinyBertFixture.load(manager, Precision.FP32);
    }
}
