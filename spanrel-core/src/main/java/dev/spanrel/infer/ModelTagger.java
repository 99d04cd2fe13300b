package dev.spanrel.infer;

import ai.djl.ndarray.NDManager;
import dev.spanrel.data.Document;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.encoder.Precision;
import dev.spanrel.infer.BatchPredictor;
import dev.spanrel.model.SavedModel;
import dev.spanrel.infer.SentencePrediction;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model directory as a {@link SentenceTagger}. Predictions run one batch at a time: the encoder
 * already uses every core, so concurrent callers gain nothing from running side by side and are queued instead.
 */
public final class ModelTagger implements SentenceTagger {
    /** The number of sentences encoded at once unless the caller says otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 16;

    private final NDManager manager;
    private final SavedModel.Loaded loaded;
    private final BatchPredictor predictor;

    private final double relationThreshold;

    private ModelTagger(NDManager manager, SavedModel.Loaded loaded, int batchSize, double relationThreshold) {
        this.manager = manager;
        this.loaded = loaded;
        this.relationThreshold = relationThreshold;
        this.predictor = new BatchPredictor(loaded.model(), loaded.types(), loaded.tokenizer(),
                loaded.model().encoder().config().maxPositionEmbeddings(), batchSize, relationThreshold);
    }

    /**
     * Opens a model directory in float32 with the default batch size.
     *
     * @param modelDir a model directory, as training writes it
     * @return the tagger; the caller closes it
     */
    public static ModelTagger load(Path modelDir) {
        return load(modelDir, DEFAULT_BATCH_SIZE);
    }

    /**
     * Opens a model directory in float32.
     *
     * @param modelDir a model directory, as training writes it
     * @param batchSize sentences encoded at once
     * @return the tagger; the caller closes it
     */
    public static ModelTagger load(Path modelDir, int batchSize) {
        return load(modelDir, batchSize, Precision.FP32);
    }

    /**
     * With the encoder's matmuls at {@code precision} ({@link Precision#BF16} needs a CPU that has it).
     *
     * @param modelDir a model directory, as training writes it
     * @param batchSize sentences encoded at once
     * @param precision the number format of the encoder's matmuls
     * @return the tagger; the caller closes it
     */
    public static ModelTagger load(Path modelDir, int batchSize, Precision precision) {
        return load(modelDir, batchSize, new TaggerOptions(precision.configName()));
    }

    /**
     * With the options' precision and, when they name one, their relation threshold instead of the model's.
     *
     * @param modelDir a model directory, as training writes it
     * @param batchSize sentences encoded at once
     * @param options precision and relation threshold
     * @return the tagger; the caller closes it
     */
    public static ModelTagger load(Path modelDir, int batchSize, TaggerOptions options) {
        Precision precision = Precision.parse(options.precision(), "precision");
        precision.requireSupported();
        NDManager manager = NDManager.newBaseManager();
        try {
            SavedModel.Loaded loaded = SavedModel.load(modelDir, manager);
            loaded.model().encoder().setPrecision(precision);
            if (precision == Precision.BF16) {
                // Predicting only: bfloat16 projection matrices, their float32 originals freed.
                loaded.model().encoder().useBf16WeightsOnly(manager);
            }
            // The tensors were read to the heap before they went native; let G1 give that heap back.
            System.gc();
            double threshold = options.relationThreshold().orElse(loaded.model().config().relationThreshold());
            return new ModelTagger(manager, loaded, batchSize, threshold);
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

    /**
     * The probability from which a relation type is predicted.
     *
     * @return the threshold in [0, 1]
     */
    public double relationThreshold() {
        return relationThreshold;
    }

    /**
     * Predicted copies of annotated documents (same tokens and ids), for evaluation.
     *
     * @param documents annotated documents
     * @return one predicted document per input, in order
     */
    public synchronized List<Document> predictDocuments(List<Document> documents) {
        return predictor.predictDocuments(manager, documents);
    }

    /**
     * The predictions for annotated documents with their scores, in document order.
     *
     * @param documents annotated documents
     * @return one prediction per document
     */
    public synchronized List<SentencePrediction> predictScored(List<Document> documents) {
        return predictor.predictScored(manager, documents);
    }

    @Override
    public synchronized void close() {
        loaded.close();
        manager.close();
    }
}
