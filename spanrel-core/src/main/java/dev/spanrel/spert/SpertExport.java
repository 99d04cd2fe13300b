package dev.spanrel.spert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.encoder.BertConfig;
import dev.spanrel.encoder.FloatTensor;
import dev.spanrel.encoder.SafetensorsReader;
import dev.spanrel.encoder.TorchZipWriter;
import dev.spanrel.model.ModelConfig;
import dev.spanrel.model.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spanrel model directory becomes a directory SpERT's {@code spert.py eval} / {@code predict} loads as
 * {@code model_path} and {@code tokenizer_path}: {@code config.json} (the BERT config with SpERT's
 * {@code spert_version}), {@code pytorch_model.bin} (SpERT's state dict names), {@code vocab.txt},
 * {@code tokenizer_config.json}, {@code special_tokens_map.json}; beside them {@code types.json} for
 * {@code types_path} and {@code eval.conf} with the settings SpERT takes from its config (size embedding, max span
 * size, threshold, lower-casing).
 *
 * <p>SpERT's model is spanrel's without the options SpERT lacks: a model whose relation input has entity-type
 * embeddings, or whose width table is not SpERT's 100 rows, cannot be exported. Temperatures are folded into the
 * classifiers (softmax(z / T) of logits z = Wx + b is the softmax of (W / T)x + b / T), so SpERT scores as spanrel
 * does. The pooler, which SpERT loads but never uses, is written as zeros.
 */
public final class SpertExport {
    /** SpERT's {@code nn.Embedding(100, size_embedding)}: its width table always has 100 rows. */
    public static final int SPERT_WIDTH_ROWS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpertExport() {}

    /** What was written, and what SpERT will do differently from spanrel with it. */
    public record Result(Path directory, ModelConfig config, List<String> notes) {}

    /**
     * Exports a spanrel model directory as a SpERT model directory.
     *
     * @param modelDir the spanrel model directory
     * @param out the directory to write, created if missing
     * @return what was written, with notes on where SpERT will behave differently
     * @throws SpanrelException when the model uses an option SpERT lacks, or the model directory cannot be read
     */
    public static Result run(Path modelDir, Path out) {
        JsonNode description = SavedModel.readDescription(modelDir);
        if (!SavedModel.FORMAT.equals(description.path("format").asText())) {
            throw new SpanrelException(modelDir.resolve("spanrel.json") + ": format '" + description.path("format").asText()
                    + "' is not " + SavedModel.FORMAT);
        }
        ModelConfig config;
        try {
            config = JSON.treeToValue(description.get("model"), ModelConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new SpanrelException(modelDir.resolve("spanrel.json") + ": field 'model' cannot be read: " + e.getMessage(), e);
        }
        if (config.relationUsesEntityTypes()) {
            throw new SpanrelException(modelDir.resolve("spanrel.json") + ": model.relationUsesEntityTypes is true; SpERT's"
                    + " relation classifier has no entity-type input, so this model cannot be exported to SpERT");
        }
        if (config.widthEmbeddingCount() != SPERT_WIDTH_ROWS) {
            throw new SpanrelException(modelDir.resolve("spanrel.json") + ": model.widthEmbeddingCount is "
                    + config.widthEmbeddingCount() + "; SpERT's size embedding always has " + SPERT_WIDTH_ROWS + " rows");
        }
        TypeSystem types = SpertJson.readTypes(modelDir.resolve("types.json"));
        BertConfig bert = BertConfig.read(modelDir.resolve("config.json"));
        Map<String, FloatTensor> tensors = SafetensorsReader.read(modelDir.resolve("model.safetensors"));
        Map<String, FloatTensor> spert = spertNames(tensors, bert, config, modelDir.resolve("model.safetensors"));
        boolean lowerCase = description.path("lower_case").asBoolean(false);
        try {
            Files.createDirectories(out);
            TorchZipWriter.write(out.resolve(SpertCheckpoint.WEIGHTS), spert);
            writeConfig(modelDir.resolve("config.json"), out.resolve("config.json"));
            Files.copy(modelDir.resolve("vocab.txt"), out.resolve("vocab.txt"), StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.writeString(out.resolve("tokenizer_config.json"), "{\"do_lower_case\": " + lowerCase
                    + ", \"tokenizer_class\": \"BertTokenizer\"}\n");
            AtomicFiles.writeString(out.resolve("special_tokens_map.json"), "{\"unk_token\": \"[UNK]\", \"sep_token\":"
                    + " \"[SEP]\", \"pad_token\": \"[PAD]\", \"cls_token\": \"[CLS]\", \"mask_token\": \"[MASK]\"}\n");
            SpertJson.writeTypes(out.resolve("types.json"), types);
            AtomicFiles.writeString(out.resolve("eval.conf"), evalConf(out, config, lowerCase));
        } catch (IOException e) {
            throw new SpanrelException("cannot write SpERT model to " + out + ": " + e.getMessage(), e);
        }
        return new Result(out, config, notes(config));
    }

    /** spanrel's names to SpERT's, temperatures folded in, a zero pooler added; SpERT's state dict order. */
    static Map<String, FloatTensor> spertNames(Map<String, FloatTensor> tensors, BertConfig bert, ModelConfig config, Path source) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (String name : bert.tensorShapes(false).keySet()) {
            FloatTensor t = tensors.get("encoder." + name);
            if (t == null) {
                throw new SpanrelException(source + ": tensor 'encoder." + name + "' is missing");
            }
            out.put("bert." + name, t);
        }
        long h = bert.hiddenSize();
        out.put("bert.pooler.dense.weight", new FloatTensor(new long[] {h, h}, new float[Math.toIntExact(h * h)]));
        out.put("bert.pooler.dense.bias", new FloatTensor(new long[] {h}, new float[Math.toIntExact(h)]));
        out.put("entity_classifier.weight", tempered(require(tensors, "entity_classifier.weight", source), config.entityTemperature()));
        out.put("entity_classifier.bias", tempered(require(tensors, "entity_classifier.bias", source), config.entityTemperature()));
        out.put("rel_classifier.weight", tempered(require(tensors, "relation_classifier.weight", source), config.relationTemperature()));
        out.put("rel_classifier.bias", tempered(require(tensors, "relation_classifier.bias", source), config.relationTemperature()));
        out.put("size_embeddings.weight", require(tensors, "width_embedding.weight", source));
        return out;
    }

    private static FloatTensor require(Map<String, FloatTensor> tensors, String name, Path source) {
        FloatTensor t = tensors.get(name);
        if (t == null) {
            throw new SpanrelException(source + ": tensor '" + name + "' is missing");
        }
        return t;
    }

    /** The classifier divided by its temperature; untouched at T = 1, so an imported model exports bit for bit. */
    private static FloatTensor tempered(FloatTensor t, double temperature) {
        if (temperature == 1.0) {
            return t;
        }
        float[] values = t.values().clone();
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (values[i] / temperature);
        }
        return new FloatTensor(t.shape(), values);
    }

    /** The model's Hugging Face config with what SpERT's loader checks: its architecture and model version. */
    private static void writeConfig(Path from, Path to) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(from.toFile());
        config.set("architectures", JSON.createArrayNode().add("SpERT"));
        config.put("spert_version", SpertCheckpoint.VERSION);
        AtomicFiles.writeString(to, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n");
    }

    /** SpERT's eval config for this model; SpERT needs a {@code dataset_path} added to run it. */
    static String evalConf(Path out, ModelConfig config, boolean lowerCase) {
        Path dir = out.toAbsolutePath().normalize();
        return "[1]\n"
                + "label = spanrel_export\n"
                + "model_type = spert\n"
                + "model_path = " + dir + "\n"
                + "tokenizer_path = " + dir + "\n"
                + "types_path = " + dir.resolve("types.json") + "\n"
                + "eval_batch_size = 1\n"
                + "rel_filter_threshold = " + config.relationThreshold() + "\n"
                + "size_embedding = " + config.widthEmbeddingSize() + "\n"
                + "prop_drop = " + config.dropout() + "\n"
                + "max_span_size = " + config.maxSpanSize() + "\n"
                + "lowercase = " + lowerCase + "\n"
                + "max_pairs = 1000\n"
                + "store_predictions = true\n"
                + "sampling_processes = 1\n";
    }

    /** Where SpERT will decode this model otherwise than spanrel did. */
    private static List<String> notes(ModelConfig config) {
        List<String> notes = new ArrayList<>();
        if (!config.keepAllEntities()) {
            notes.add("SpERT pairs every span it classifies as an entity; spanrel kept at most one per word (at least 64)");
        }
        if (!config.symmetricBySpanStart()) {
            notes.add("SpERT turns a symmetric relation round only when its tail starts first; spanrel put the earlier"
                    + " entity in text order first (differs for two entities starting at the same word)");
        }
        if (config.entityTemperature() != 1.0 || config.relationTemperature() != 1.0) {
            notes.add("the temperatures (entity " + config.entityTemperature() + ", relation "
                    + config.relationTemperature() + ") are folded into the classifier weights");
        }
        return notes;
    }
}
