package dev.spanrel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.encoder.BertConfig;
import dev.spanrel.encoder.FloatTensor;
import dev.spanrel.encoder.SafetensorsReader;
import dev.spanrel.encoder.SafetensorsWriter;
import dev.spanrel.text.WordPieceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A trained model as a directory anyone can read: {@code spanrel.json} (model settings, training config,
 * provenance, metrics), {@code types.json} (SpERT types), {@code config.json} (the encoder's, Hugging Face
 * format), {@code model.safetensors} (encoder tensors as {@code encoder.<Hugging Face name>}, heads under ours),
 * {@code vocab.txt} and {@code tokenizer_config.json}. The directory is built aside and moved into place whole.
 */
public final class SavedModel {
    /** The {@code format} value of a model directory's {@code spanrel.json}. */
    public static final String FORMAT = "spanrel-model/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SavedModel() {}

    /** A model read back: the network on the manager's device, its types, tokenizer and description. */
    public record Loaded(SpanRelModel model, TypeSystem types, WordPieceTokenizer tokenizer, ObjectNode description)
            implements AutoCloseable {
        @Override
        public void close() {
            tokenizer.close();
        }
    }

    /**
     * Writes a model directory, built aside and moved into place whole.
     *
     * @param dir the directory to write
     * @param model the trained network
     * @param types its type system
     * @param tokenizer its tokenizer
     * @param info what goes into {@code spanrel.json} beside the format and configs (training provenance, for example)
     */
    public static void write(Path dir, SpanRelModel model, TypeSystem types, WordPieceTokenizer tokenizer, ObjectNode info) {
        Path absolute = dir.toAbsolutePath();
        Path staging = absolute.resolveSibling("." + absolute.getFileName() + ".partial");
        try {
            deleteTree(staging);
            Files.createDirectories(staging);
            ObjectNode description = JSON.createObjectNode();
            description.put("format", FORMAT);
            description.set("model", JSON.valueToTree(model.config()));
            description.put("entity_types", types.entityTypeCount());
            description.put("relation_types", types.relationTypeCount());
            description.put("lower_case", tokenizer.lowerCase());
            description.setAll(info);
            AtomicFiles.writeString(staging.resolve("spanrel.json"), JSON.writeValueAsString(description));
            SpertJson.writeTypes(staging.resolve("types.json"), types);
            model.encoder().config().write(staging.resolve("config.json"));
            SafetensorsWriter.writeNative(staging.resolve("model.safetensors"), namedArrays(model), Map.of("format", "pt"));
            tokenizer.writeVocab(staging.resolve("vocab.txt"));
            AtomicFiles.writeString(staging.resolve("tokenizer_config.json"),
                    "{\"do_lower_case\": " + tokenizer.lowerCase() + "}\n");
            Path old = absolute.resolveSibling("." + absolute.getFileName() + ".old");
            deleteTree(old);
            if (Files.exists(absolute)) {
                Files.move(absolute, old);
            }
            AtomicFiles.moveIntoPlace(staging, absolute);
            deleteTree(old);
        } catch (IOException e) {
            throw new SpanrelException("cannot write model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a model directory back onto the manager's device.
     *
     * @param dir a model directory
     * @param manager the manager that owns the parameters
     * @return the model with its types, tokenizer and description; the caller closes it
     */
    public static Loaded load(Path dir, NDManager manager) {
        Path description = dir.resolve("spanrel.json");
        if (!Files.isRegularFile(description)) {
            throw new SpanrelException(dir + " is not a spanrel model directory: no spanrel.json");
        }
        try {
            ObjectNode info = (ObjectNode) JSON.readTree(description.toFile());
            if (!FORMAT.equals(info.path("format").asText())) {
                throw new SpanrelException(description + ": format '" + info.path("format").asText() + "' is not " + FORMAT);
            }
            ModelConfig config = JSON.treeToValue(info.get("model"), ModelConfig.class);
            TypeSystem types = SpertJson.readTypes(dir.resolve("types.json"));
            BertConfig bert = BertConfig.read(dir.resolve("config.json"));
            SpanRelModel model = new SpanRelModel(bert, config, types.entityTypeCount(), types.relationTypeCount());
            model.initialize(manager);
            // One tensor at a time through the heap, not the whole model.
            SafetensorsReader.readInto(dir.resolve("model.safetensors"), namedArrays(model), name -> "tensor '" + name + "'");
            WordPieceTokenizer tokenizer = WordPieceTokenizer.fromVocab(dir.resolve("vocab.txt"), info.path("lower_case").asBoolean(false));
            requireVocabularyFits(tokenizer, bert, dir);
            return new Loaded(model, types, tokenizer, info);
        } catch (IOException e) {
            throw new SpanrelException("cannot read model " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A vocabulary with more entries than the embedding table has rows makes ids the table lacks (a native error
     * per batch); one with fewer maps words to other rows than in training (garbage out). Both are refused here.
     */
    private static void requireVocabularyFits(WordPieceTokenizer tokenizer, BertConfig bert, Path dir) {
        if (tokenizer.vocabSize() != bert.vocabSize()) {
            tokenizer.close();
            throw new SpanrelException(dir.resolve("vocab.txt") + ": " + tokenizer.vocabSize() + " entries, but the model's"
                    + " word embedding table has " + bert.vocabSize() + " rows (vocab_size of " + dir.resolve("config.json")
                    + "); the vocabulary is not the one this model was trained with");
        }
    }

    /**
     * The model's parameters as host tensors under their stable names.
     *
     * @param model the network
     * @return name to tensor
     */
    public static Map<String, FloatTensor> exportTensors(SpanRelModel model) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            out.put(e.getKey(), new FloatTensor(a.getShape().getShape(), a.toFloatArray()));
        }
        return out;
    }

    /**
     * The model's parameter tensors under their stable names (those of {@code model.safetensors}), live.
     *
     * @param model the network
     * @return name to the parameter's tensor, in {@link SpanRelModel#namedParameters()} order
     */
    public static Map<String, NDArray> namedArrays(SpanRelModel model) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> arrays.put(name, p.getArray()));
        return arrays;
    }

    private static void copyInto(NDArray array, String name, FloatTensor t, Path source) {
        if (!t.hasShape(array.getShape().getShape())) {
            throw new SpanrelException(source + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", the model needs " + array.getShape());
        }
        array.set(java.nio.FloatBuffer.wrap(t.values()));
    }

    /**
     * Copies tensors into the model's parameters; every parameter must be present with its shape.
     *
     * @param model the network
     * @param tensors tensors by stable name
     * @param source where they were read from, for error messages
     */
    public static void loadTensors(SpanRelModel model, Map<String, FloatTensor> tensors, Path source) {
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            FloatTensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new SpanrelException(source + ": tensor '" + e.getKey() + "' is missing");
            }
            copyInto(e.getValue().getArray(), e.getKey(), t, source);
        }
    }

    /**
     * Reads a model directory's {@code spanrel.json}; fails naming the file when it cannot be read.
     *
     * @param dir a model directory
     * @return the description
     */
    public static JsonNode readDescription(Path dir) {
        try {
            return JSON.readTree(dir.resolve("spanrel.json").toFile());
        } catch (IOException e) {
            throw new SpanrelException("cannot read " + dir.resolve("spanrel.json") + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
