package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.spanrel.SharedFolder;
import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.encoder.BertConfig;
import dev.spanrel.model.BatchTensors;
import dev.spanrel.model.DocumentSamples;
import dev.spanrel.model.EncodedDocument;
import dev.spanrel.model.SpanBatch;
import dev.spanrel.model.SpanRelModel;
import dev.spanrel.testing.TinyEncoder;
import dev.spanrel.text.WordPieceTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After every update each parameter's gradient is zero, whatever layout autograd gave it: a gradient that is not
 * cleared would accumulate across steps.
 */
class GradientClearingTest {
    @TempDir Path tmp;

    @Test
    void everyGradientIsZeroAfterEachStep() throws Exception {
        Path data = SharedFolder.path().resolve("data");
        TypeSystem types = SpertJson.readTypes(data.resolve("conll04/conll04_types.json"));
        List<Document> docs = SpertJson.readDocuments(data.resolve("conll04/conll04_train.json"), types).subList(0, 4);
        Path encoderDir = TinyEncoder.write(tmp.resolve("enc"), docs);
        try (NDManager manager = NDManager.newBaseManager();
                WordPieceTokenizer tokenizer = WordPieceTokenizer.fromVocab(encoderDir.resolve("vocab.txt"), false)) {
            SpanRelModel model = new SpanRelModel(BertConfig.read(encoderDir.resolve("config.json")),
                    TrainConfig.defaults().modelConfig(), types.entityTypeCount(), types.relationTypeCount());
            model.initialize(manager);
            NegativeSampler sampler = new NegativeSampler(TrainConfig.defaults().samplingConfig(), types.relationTypeCount());
            try (AdamW adam = new AdamW(model.namedParameters(), manager, 0.01, 1.0)) {
                for (int step = 0; step < 3; step++) {
                    List<DocumentSamples> samples = new ArrayList<>();
                    for (Document d : docs) {
                        samples.add(sampler.sample(new EncodedDocument(d, tokenizer.encodeWords(d.tokens())), new Random(step)));
                    }
                    try (NDManager scope = manager.newSubManager()) {
                        BatchTensors t = BatchTensors.of(scope, new SpanBatch(samples, types.relationTypeCount(), 100, 0));
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            SpanRelModel.Outputs out = model.forward(new ParameterStore(scope, false), t, true);
                            NDArray loss = new Poly1Loss(1).loss(out.entityLogits(), t.spanLabels(), t.spanMask(), 1)
                                    .add(new BinaryCrossEntropyLoss().loss(out.relationLogits().orElseThrow(), t.pairLabels().orElseThrow(),
                                            t.pairMask().orElseThrow(), 1));
                            gc.backward(loss);
                        }
                    }
                    adam.step(1e-3f);
                    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                        try (NDArray g = e.getValue().getArray().getGradient()) {
                            assertThat(g.abs().max().getFloat()).as("gradient of %s after step %d", e.getKey(), step).isZero();
                        }
                    }
                }
            }
        }
    }
}
