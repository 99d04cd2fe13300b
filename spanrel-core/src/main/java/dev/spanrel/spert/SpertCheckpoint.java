package dev.spanrel.spert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.encoder.BertConfig;
import dev.spanrel.encoder.Checkpoints;
import dev.spanrel.encoder.FloatTensor;
import dev.spanrel.encoder.TorchZipReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A model directory saved by SpERT (lavis-nlp/spert, model version 1.1): {@code config.json} (a BERT config with
 * {@code spert_version}), {@code pytorch_model.bin} (its state dict: the BERT under {@code bert.},
 * {@code entity_classifier}, {@code rel_classifier}, {@code size_embeddings}), {@code vocab.txt} and
 * {@code tokenizer_config.json}. Read, it holds the tensors under spanrel's names and the sizes they imply, all
 * checked against the config and the types file.
 *
 * <p>SpERT's classifier rows follow its types file: entity row 0 is "no entity" and row i the i-th entity type,
 * relation row r the (r + 1)-th relation type (no "no relation" row) — spanrel's own layout, so rows map 1:1.
 */
public record SpertCheckpoint(
        Path directory,
        BertConfig bert,
        Map<String, FloatTensor> tensors,
        int widthEmbeddingSize,
        int widthEmbeddingCount,
        Path vocabulary,
        boolean lowerCase,
        String spertVersion,
        Optional<String> transformersVersion) {

    /** The model version SpERT's code checks ({@code models.SpERT.VERSION}); it refuses any other. */
    public static final String VERSION = "1.1";
    /** The file of a SpERT model directory that holds its state dict. */
    public static final String WEIGHTS = "pytorch_model.bin";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** SpERT's head tensors and spanrel's names for them. */
    static final Map<String, String> HEAD_NAMES = headNames();

    private static Map<String, String> headNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("entity_classifier.weight", "entity_classifier.weight");
        names.put("entity_classifier.bias", "entity_classifier.bias");
        names.put("rel_classifier.weight", "relation_classifier.weight");
        names.put("rel_classifier.bias", "relation_classifier.bias");
        names.put("size_embeddings.weight", "width_embedding.weight");
        return java.util.Collections.unmodifiableMap(names);
    }

    /**
     * Reads and checks a SpERT model directory against the types file it was trained with.
     *
     * @param dir the SpERT model directory ({@code config.json} and {@link #WEIGHTS})
     * @param types the types read from {@code typesFile}
     * @param typesFile the types file, named in errors when the classifier rows do not match its types
     * @param vocabulary a {@code vocab.txt} to use instead of the directory's (SpERT saves one; an older copy may
     *     lack it)
     * @return the checkpoint's configuration, tensors and versions
     * @throws SpanrelException naming the file and the field or tensor when the directory is not a SpERT model of
     *     these types
     */
    public static SpertCheckpoint read(Path dir, TypeSystem types, Path typesFile, Optional<Path> vocabulary) {
        if (!Files.isDirectory(dir)) {
            throw new SpanrelException("SpERT model directory not found: " + dir);
        }
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new SpanrelException(dir + ": no config.json; a SpERT model directory holds config.json and " + WEIGHTS);
        }
        JsonNode config = readJson(configFile);
        JsonNode version = config.get("spert_version");
        if (version == null) {
            throw new SpanrelException(configFile + ": field 'spert_version' is missing; this is not a model saved by"
                    + " SpERT (SpERT " + VERSION + " writes \"spert_version\": \"" + VERSION + "\")");
        }
        if (!VERSION.equals(version.asText())) {
            throw new SpanrelException(configFile + ": spert_version '" + version.asText() + "' is not " + VERSION
                    + ", the only SpERT model version this import knows (SpERT's own code refuses other versions too)");
        }
        BertConfig bert = BertConfig.read(configFile);
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new SpanrelException(dir + ": no " + WEIGHTS + "; SpERT saves its weights there");
        }
        Map<String, FloatTensor> spert = TorchZipReader.read(weights);
        Map<String, FloatTensor> tensors = rename(spert, weights);
        Map<String, FloatTensor> encoder = encoderPart(tensors);
        Checkpoints.validate(encoder, bert, weights.toString());
        Map<String, long[]> known = bert.tensorShapes(false);
        for (String name : encoder.keySet()) {
            if (!known.containsKey(name)) {
                throw new SpanrelException(weights + ": tensor 'bert." + name + "' does not belong to the BERT that "
                        + configFile + " describes (" + bert.numHiddenLayers() + " layers)");
            }
        }

        FloatTensor width = tensors.get("width_embedding.weight");
        requireRank(width, 2, weights, "size_embeddings.weight");
        int widthCount = Math.toIntExact(width.shape()[0]);
        int widthSize = Math.toIntExact(width.shape()[1]);
        int hidden = bert.hiddenSize();
        requireShape(tensors.get("entity_classifier.weight"), weights, "entity_classifier.weight",
                types.entityTypeCount() + 1, 2L * hidden + widthSize, typesFile,
                types.entityTypeCount() + " entity types in " + typesFile + " + 1 for \"no entity\"");
        requireShape(tensors.get("entity_classifier.bias"), weights, "entity_classifier.bias",
                types.entityTypeCount() + 1, -1, typesFile, types.entityTypeCount() + " entity types + 1");
        requireShape(tensors.get("relation_classifier.weight"), weights, "rel_classifier.weight",
                types.relationTypeCount(), 3L * hidden + 2L * widthSize, typesFile,
                types.relationTypeCount() + " relation types in " + typesFile);
        requireShape(tensors.get("relation_classifier.bias"), weights, "rel_classifier.bias",
                types.relationTypeCount(), -1, typesFile, types.relationTypeCount() + " relation types");

        Path vocab = vocabulary.orElse(dir.resolve("vocab.txt"));
        if (!Files.isRegularFile(vocab)) {
            throw new SpanrelException(vocabulary.isPresent() ? "vocabulary not found: " + vocab
                    : dir + ": no vocab.txt; SpERT's tokenizer_path folder has it (the BERT the model was trained"
                            + " from), pass it with --vocab");
        }
        boolean lowerCase = readLowerCase(dir.resolve("tokenizer_config.json"));
        Optional<String> transformers = Optional.ofNullable(config.get("transformers_version")).map(JsonNode::asText);
        return new SpertCheckpoint(dir, bert, tensors, widthSize, widthCount, vocab, lowerCase, VERSION, transformers);
    }

    /**
     * SpERT's names to spanrel's: {@code bert.X} becomes {@code encoder.X}, the heads are renamed; the pooler
     * (SpERT never uses its output) and integer buffers are left out. Anything else means another architecture.
     */
    static Map<String, FloatTensor> rename(Map<String, FloatTensor> spert, Path weights) {
        for (String required : HEAD_NAMES.keySet()) {
            if (!spert.containsKey(required)) {
                throw new SpanrelException(weights + ": tensor '" + required + "' is missing: not a SpERT checkpoint"
                        + " (SpERT's state dict has bert.*, entity_classifier, rel_classifier and size_embeddings)");
            }
        }
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, FloatTensor> e : spert.entrySet()) {
            String name = e.getKey();
            if (HEAD_NAMES.containsKey(name)) {
                out.put(HEAD_NAMES.get(name), e.getValue());
            } else if (name.startsWith("bert.pooler.")) {
                continue;
            } else if (name.startsWith("bert.")) {
                out.put("encoder." + name.substring("bert.".length()), e.getValue());
            } else {
                throw new SpanrelException(weights + ": tensor '" + name + "' is not part of SpERT's model; this"
                        + " checkpoint is of another architecture");
            }
        }
        return out;
    }

    /** The encoder's tensors under Hugging Face names (no prefix), as {@link Checkpoints#validate} checks them. */
    static Map<String, FloatTensor> encoderPart(Map<String, FloatTensor> tensors) {
        Map<String, FloatTensor> encoder = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            if (name.startsWith("encoder.")) {
                encoder.put(name.substring("encoder.".length()), t);
            }
        });
        return encoder;
    }

    private static void requireRank(FloatTensor t, int rank, Path weights, String name) {
        if (t.shape().length != rank) {
            throw new SpanrelException(weights + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", expected " + rank + " dimensions");
        }
    }

    /** Rows must match the types file; columns (when given) the layout of SpERT's classifier inputs. */
    private static void requireShape(FloatTensor t, Path weights, String name, long rows, long columns, Path typesFile,
            String rowsMean) {
        requireRank(t, columns < 0 ? 1 : 2, weights, name);
        if (t.shape()[0] != rows) {
            throw new SpanrelException(weights + ": tensor '" + name + "' has " + t.shape()[0] + " rows but "
                    + typesFile + " needs " + rows + " (" + rowsMean + "); is this the types file the model was"
                    + " trained with?");
        }
        if (columns >= 0 && t.shape()[1] != columns) {
            throw new SpanrelException(weights + ": tensor '" + name + "' has " + t.shape()[1] + " inputs, SpERT's"
                    + " layout with this encoder and size embedding needs " + columns);
        }
    }

    private static boolean readLowerCase(Path tokenizerConfig) {
        if (!Files.isRegularFile(tokenizerConfig)) {
            return false; // SpERT's default: lowercase = false
        }
        JsonNode lower = readJson(tokenizerConfig).get("do_lower_case");
        if (lower != null && !lower.isBoolean()) {
            throw new SpanrelException(tokenizerConfig + ": field 'do_lower_case' must be true or false, found " + lower);
        }
        return lower != null && lower.booleanValue();
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new SpanrelException(file + ": expected a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new SpanrelException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
