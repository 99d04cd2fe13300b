package dev.spanrel.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The architecture of a BERT encoder, as in a Hugging Face {@code config.json}.
 *
 * @param vocabSize entries in the WordPiece vocabulary
 * @param hiddenSize the width of the hidden states
 * @param numHiddenLayers the number of transformer layers
 * @param numAttentionHeads attention heads per layer
 * @param intermediateSize the width of the feed-forward layers
 * @param maxPositionEmbeddings the longest sequence, in sub-tokens
 * @param typeVocabSize the number of token types (segments)
 * @param layerNormEps the epsilon of the layer norms
 * @param hiddenDropoutProb dropout on embeddings and layer outputs
 * @param attentionProbsDropoutProb dropout on attention probabilities
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        int maxPositionEmbeddings,
        int typeVocabSize,
        double layerNormEps,
        double hiddenDropoutProb,
        double attentionProbsDropoutProb) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Checks that every size is positive and that the hidden size splits evenly into the attention heads.
     *
     * @param vocabSize entries in the WordPiece vocabulary
     * @param hiddenSize the width of the hidden states
     * @param numHiddenLayers the number of transformer layers
     * @param numAttentionHeads attention heads per layer
     * @param intermediateSize the width of the feed-forward layers
     * @param maxPositionEmbeddings the longest sequence, in sub-tokens
     * @param typeVocabSize the number of token types (segments)
     * @param layerNormEps the epsilon of the layer norms
     * @param hiddenDropoutProb dropout on embeddings and layer outputs
     * @param attentionProbsDropoutProb dropout on attention probabilities
     */
    public BertConfig {
        if (hiddenSize <= 0 || numAttentionHeads <= 0 || hiddenSize % numAttentionHeads != 0) {
            throw new SpanrelException("hidden_size " + hiddenSize + " must be a positive multiple of num_attention_heads "
                    + numAttentionHeads);
        }
        if (vocabSize <= 0 || numHiddenLayers <= 0 || intermediateSize <= 0 || maxPositionEmbeddings <= 0
                || typeVocabSize <= 0) {
            throw new SpanrelException("BERT config sizes must be positive: " + vocabSize + ", " + numHiddenLayers
                    + ", " + intermediateSize + ", " + maxPositionEmbeddings + ", " + typeVocabSize);
        }
    }

    /**
     * Google's BERT-base-cased (12 layers, 768 wide, 28,996-entry cased vocab).
     *
     * @return its configuration
     */
    public static BertConfig bertBaseCased() {
        return new BertConfig(28996, 768, 12, 12, 3072, 512, 2, 1e-12, 0.1, 0.1);
    }

    /**
     * The width of one attention head.
     *
     * @return {@code hiddenSize / numAttentionHeads}
     */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /**
     * The Hugging Face {@code BertModel} tensor names (no {@code bert.} prefix) and shapes this architecture has,
     * in checkpoint order; linear weights are [out, in].
     *
     * @param withPooler whether to include the pooler's dense layer
     * @return tensor name to shape, in checkpoint order
     */
    public java.util.Map<String, long[]> tensorShapes(boolean withPooler) {
        java.util.Map<String, long[]> s = new java.util.LinkedHashMap<>();
        long h = hiddenSize;
        s.put("embeddings.word_embeddings.weight", new long[] {vocabSize, h});
        s.put("embeddings.position_embeddings.weight", new long[] {maxPositionEmbeddings, h});
        s.put("embeddings.token_type_embeddings.weight", new long[] {typeVocabSize, h});
        s.put("embeddings.LayerNorm.weight", new long[] {h});
        s.put("embeddings.LayerNorm.bias", new long[] {h});
        for (int i = 0; i < numHiddenLayers; i++) {
            String p = "encoder.layer." + i + ".";
            for (String m : new String[] {"attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense"}) {
                s.put(p + m + ".weight", new long[] {h, h});
                s.put(p + m + ".bias", new long[] {h});
            }
            s.put(p + "attention.output.LayerNorm.weight", new long[] {h});
            s.put(p + "attention.output.LayerNorm.bias", new long[] {h});
            s.put(p + "intermediate.dense.weight", new long[] {intermediateSize, h});
            s.put(p + "intermediate.dense.bias", new long[] {intermediateSize});
            s.put(p + "output.dense.weight", new long[] {h, intermediateSize});
            s.put(p + "output.dense.bias", new long[] {h});
            s.put(p + "output.LayerNorm.weight", new long[] {h});
            s.put(p + "output.LayerNorm.bias", new long[] {h});
        }
        if (withPooler) {
            s.put("pooler.dense.weight", new long[] {h, h});
            s.put("pooler.dense.bias", new long[] {h});
        }
        return s;
    }

    /**
     * The masked-LM head's own tensors (its decoder weight is tied to the word embeddings).
     *
     * @return tensor name to shape
     */
    public java.util.Map<String, long[]> maskedLmShapes() {
        java.util.Map<String, long[]> s = new java.util.LinkedHashMap<>();
        s.put("cls.predictions.transform.dense.weight", new long[] {hiddenSize, hiddenSize});
        s.put("cls.predictions.transform.dense.bias", new long[] {hiddenSize});
        s.put("cls.predictions.transform.LayerNorm.weight", new long[] {hiddenSize});
        s.put("cls.predictions.transform.LayerNorm.bias", new long[] {hiddenSize});
        s.put("cls.predictions.bias", new long[] {vocabSize});
        return s;
    }

    /**
     * Reads a Hugging Face {@code config.json}; only the exact-erf GELU activation is supported.
     *
     * @param configJson the {@code config.json} file
     * @return the configuration it holds
     */
    public static BertConfig read(Path configJson) {
        if (!Files.isRegularFile(configJson)) {
            throw new SpanrelException("BERT config not found: " + configJson);
        }
        JsonNode root;
        try {
            root = JSON.readTree(configJson.toFile());
        } catch (IOException e) {
            throw new SpanrelException("cannot read BERT config " + configJson + ": " + e.getMessage(), e);
        }
        String act = root.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) {
            throw new SpanrelException(configJson + ": hidden_act '" + act
                    + "' is not supported; spanrel's BERT uses the exact (erf) GELU, hidden_act \"gelu\"");
        }
        String type = root.path("position_embedding_type").asText("absolute");
        if (!type.equals("absolute")) {
            throw new SpanrelException(configJson + ": position_embedding_type '" + type + "' is not supported");
        }
        return new BertConfig(
                required(root, "vocab_size", configJson),
                required(root, "hidden_size", configJson),
                required(root, "num_hidden_layers", configJson),
                required(root, "num_attention_heads", configJson),
                required(root, "intermediate_size", configJson),
                root.path("max_position_embeddings").asInt(512),
                root.path("type_vocab_size").asInt(2),
                root.path("layer_norm_eps").asDouble(1e-12),
                root.path("hidden_dropout_prob").asDouble(0.1),
                root.path("attention_probs_dropout_prob").asDouble(0.1));
    }

    private static int required(JsonNode root, String field, Path file) {
        JsonNode v = root.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new SpanrelException(file + ": field '" + field + "' is missing or not an integer");
        }
        return v.asInt();
    }

    /**
     * Writes a Hugging Face-readable {@code config.json}, atomically.
     *
     * @param configJson the file to write
     */
    public void write(Path configJson) {
        ObjectNode n = JSON.createObjectNode();
        n.set("architectures", JSON.createArrayNode().add("BertModel"));
        n.put("model_type", "bert");
        n.put("vocab_size", vocabSize);
        n.put("hidden_size", hiddenSize);
        n.put("num_hidden_layers", numHiddenLayers);
        n.put("num_attention_heads", numAttentionHeads);
        n.put("intermediate_size", intermediateSize);
        n.put("hidden_act", "gelu");
        n.put("max_position_embeddings", maxPositionEmbeddings);
        n.put("type_vocab_size", typeVocabSize);
        n.put("layer_norm_eps", layerNormEps);
        n.put("hidden_dropout_prob", hiddenDropoutProb);
        n.put("attention_probs_dropout_prob", attentionProbsDropoutProb);
        n.put("initializer_range", 0.02);
        n.put("pad_token_id", 0);
        n.put("position_embedding_type", "absolute");
        try {
            AtomicFiles.writeString(configJson, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SpanrelException("cannot serialize BERT config: " + e.getMessage(), e);
        }
    }
}
