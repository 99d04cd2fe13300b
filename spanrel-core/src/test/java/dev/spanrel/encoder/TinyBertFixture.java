package dev.spanrel.encoder;

import ai.djl.ndarray.NDManager;
import dev.spanrel.SharedFolder;
import java.nio.file.Path;

/** The 2-layer BERT of the shared fixtures ({@code tiny-bert}), loaded into a fresh encoder. */
public final class TinyBertFixture {
    private TinyBertFixture() {}

    /**
     * The tiny BERT with its fixture weights, without a pooler, at this precision.
     *
     * @param manager the manager its parameters are made in
     * @param precision the number format of its matmuls
     * @return the encoder
     * @throws Exception when the fixture cannot be read
     */
    public static BertModel load(NDManager manager, Precision precision) throws Exception {
        Path tiny = SharedFolder.fixture("tiny-bert");
        BertModel model = new BertModel(BertConfig.read(tiny.resolve("config.json")), false);
        model.initialize(manager);
        model.loadWeights(Checkpoints.read(tiny.resolve("model.safetensors")));
        model.setPrecision(precision);
        return model;
    }
}
