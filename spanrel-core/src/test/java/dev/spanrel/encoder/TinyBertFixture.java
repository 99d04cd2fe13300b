package dev.spanrel.encoder;

import ai.djl.ndarray.NDManager;
import dev.spanrel.SharedFolder;
import java.nio.file.Path;

/** The 2-layer BERT of the shared fixtures ({@code tiny-bert}), loaded into a fresh encoder. */
public final class TinyBertFixture {
    private static final Path TINY = SharedFolder.fixture("tiny-bert");

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
        BertModel model = load(manager, config());
        model.setPrecision(precision);
        return model;
    }

    /**
     * The fixture's weights in an encoder of {@code config}: the fixture's own {@link #config()}, or one that differs
     * from it in what the weights do not fix (dropout, for one). float32.
     *
     * @param manager the manager its parameters are made in
     * @param config the architecture
     * @return the encoder
     * @throws Exception when the fixture cannot be read
     */
    public static BertModel load(NDManager manager, BertConfig config) throws Exception {
        BertModel model = new BertModel(config, false);
        model.initialize(manager);
        model.loadWeights(Checkpoints.read(TINY.resolve("model.safetensors")));
        return model;
    }

    /**
     * The fixture's architecture.
     *
     * @return its config.json
     * @throws Exception when the fixture cannot be read
     */
    public static BertConfig config() throws Exception {
        return BertConfig.read(TINY.resolve("config.json"));
    }
}
