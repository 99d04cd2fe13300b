package dev.spanrel.encoder;

import ai.djl.ndarray.NDManager;
import dev.spanrel.text.WordPieceTokenizer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A pretrained BERT held on the heap: architecture, tensors under Hugging Face names, and the vocabulary it was
 * trained with. {@link #newModel} and {@link #tokenizer} turn it into the working pair.
 *
 * @param config the architecture
 * @param weights tensors by Hugging Face name, in checkpoint order
 * @param vocab the {@code vocab.txt} file
 * @param lowerCase whether the vocabulary is uncased, so text is lower-cased first
 */
public record PretrainedEncoder(BertConfig config, Map<String, FloatTensor> weights, Path vocab, boolean lowerCase) {
    /**
     * Keeps the weights in checkpoint order.
     *
     * @param config the architecture
     * @param weights tensors by Hugging Face name, in checkpoint order
     * @param vocab the {@code vocab.txt} file
     * @param lowerCase whether the vocabulary is uncased, so text is lower-cased first
     */
    public PretrainedEncoder {
        weights = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(weights)); // keeps checkpoint order
    }

    /**
     * A fresh tokenizer for this encoder's vocabulary; the caller closes it.
     *
     * @return a tokenizer over {@link #vocab()}
     */
    public WordPieceTokenizer tokenizer() {
        return WordPieceTokenizer.fromVocab(vocab, lowerCase);
    }

    /**
     * A {@link BertModel} with these weights, its parameters allocated by {@code manager}.
     *
     * @param manager the manager that owns the parameters
     * @param withPooler whether the model has BERT's pooler
     * @return the model, initialized and loaded
     */
    public BertModel newModel(NDManager manager, boolean withPooler) {
        BertModel model = new BertModel(config, withPooler);
        model.initialize(manager);
        model.loadWeights(weights);
        return model;
    }

    /**
     * Whether the checkpoint carries the masked-LM head ({@code cls.predictions.*}).
     *
     * @return true when it does
     */
    public boolean hasMaskedLmHead() {
        return config.maskedLmShapes().keySet().stream().allMatch(weights::containsKey);
    }
}
