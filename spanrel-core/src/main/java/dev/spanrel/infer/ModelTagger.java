package dev.spanrel.infer;

import ai.djl.ndarray.NDManager;
import dev.spanrel.data.Document;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.encoder.Precision;
import dev.spanrel.model.BatchPredictor;
import dev.spanrel.model.SavedModel;
import dev.spanrel.model.SentencePrediction;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model directory as a {@link SentenceTagger}. Predictions run one batch at a time: the encoder
 * already uses every core, so concurrent callers gain nothing from running side by side and are queued instead.
 */
public final class ModelTagger implements SentenceTagger {
    public static final int DEFAULT_BATCH_SIZE = 16;

    private final NDManager manager;
    private final SavedModel.Loaded loaded;
    private final BatchPredictor predictor;

    private ModelTagger(NDManager manager, SavedModel.Loaded loaded, int batchSize) {
        this.manager = manager;
        this.loaded = loaded;
        this.predictor = new BatchPredictor(loaded.model(), loaded.types(), loaded.tokenizer(),
                loaded.model().encoder().config().maxPositionEmbeddings(), batchSize);
    }

    public static ModelTagger load(Path modelDir) {
        return load(modelDir, DEFAULT_BATCH_SIZE);
    }

    public static ModelTagger load(Path modelDir, int batchSize) {
        return load(modelDir, batchSize, Precision.FP32);
    }

    /** With the encoder's matmuls at {@code precision} ({@link Precision#BF16} needs a CPU that has it). */
    public static ModelTagger load(Path modelDir, int batchSize, Precision precision) {
        precision.requireSupported();
        NDManager manager = NDManager.newBaseManager();
        try {
            SavedModel.Loaded loaded = SavedModel.load(modelDir, manager);
            loaded.model().encoder().setPrecision(precision);
            return new ModelTagger(manager, loaded, batchSize);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public TypeSystem types() {
        return loaded.types();
    }

    @Override
    public synchronized List<SentencePrediction> predict(List<List<String>> sentences) {
        return predictor.predict(manager, sentences);
    }

    /** Predicted copies of annotated documents (same tokens and ids), for evaluation. */
    public synchronized List<Document> predictDocuments(List<Document> documents) {
        return predictor.predictDocuments(manager, documents);
    }

    @Override
    public synchronized void close() {
        loaded.close();
        manager.close();
    }
}
