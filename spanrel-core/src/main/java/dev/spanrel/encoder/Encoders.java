package dev.spanrel.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds pretrained encoders by name or directory.
 *
 * <p>{@code bert-base-cased} is read from the Maven artifact on the classpath (TF bundle, CRC-checked) once, then
 * cached as a canonical Hugging Face directory under {@code ${SPANREL_HOME:-~/.cache/spanrel}/encoders/} so that
 * later loads are a plain safetensors read. Any other argument is a Hugging Face checkpoint directory:
 * {@code config.json}, {@code model.safetensors} or {@code pytorch_model.bin}, {@code vocab.txt}, and optionally
 * {@code tokenizer_config.json} for {@code do_lower_case} (default cased).
 */
public final class Encoders {
    /** The name that stands for Google's BERT-base-cased from the Maven artifact. */
    public static final String BERT_BASE_CASED = "bert-base-cased";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Encoders() {}

    /**
     * The encoder {@value #BERT_BASE_CASED} (converted once into the cache) or a Hugging Face checkpoint directory.
     *
     * @param nameOrDir {@value #BERT_BASE_CASED} or a directory with {@code config.json}, weights and {@code vocab.txt}
     * @return the configuration, weights and vocabulary
     */
    public static PretrainedEncoder load(String nameOrDir) {
        if (nameOrDir.equals(BERT_BASE_CASED)) {
            return loadDirectory(bertBaseCasedDirectory());
        }
        Path dir = Path.of(nameOrDir);
        if (!Files.isDirectory(dir)) {
            throw new SpanrelException("unknown encoder '" + nameOrDir + "': expected " + BERT_BASE_CASED
                    + " or a Hugging Face checkpoint directory (config.json + model.safetensors or pytorch_model.bin + vocab.txt)");
        }
        return loadDirectory(dir);
    }

    /**
     * Where spanrel keeps caches: {@code SPANREL_HOME}, else {@code ~/.cache/spanrel}.
     *
     * @return the cache root
     */
    public static Path home() {
        String prop = System.getProperty("spanrel.home");
        String env = System.getenv("SPANREL_HOME");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "spanrel");
    }

    /**
     * The canonical BERT-base-cased directory, converted from the Maven artifact on first use.
     *
     * @return the directory
     */
    public static Path bertBaseCasedDirectory() {
        Path dir = home().resolve("encoders").resolve(BERT_BASE_CASED);
        if (isComplete(dir)) {
            return dir;
        }
        TfBundleReader.Bundle bundle = EasyBertResource.readBundle();
        Map<String, FloatTensor> weights = Checkpoints.fromTf(bundle.tensors());
        BertConfig config = BertConfig.bertBaseCased();
        Checkpoints.validate(weights, config, "classpath:" + EasyBertResource.RESOURCE);
        Path tmp = null;
        try {
            Files.createDirectories(dir.getParent());
            tmp = Files.createTempDirectory(dir.getParent(), "." + BERT_BASE_CASED + "-");
            AtomicFiles.makeReadable(tmp, true);
            Path vocab = tmp.resolve("vocab.source.txt");
            Files.write(vocab, EasyBertResource.vocab());
            writeCanonical(new PretrainedEncoder(config, weights, vocab, false), tmp);
            Files.delete(vocab);
            if (!isComplete(dir)) { // another process may have finished first; theirs is as good as ours
                deleteTree(dir);
                AtomicFiles.moveIntoPlace(tmp, dir);
            }
        } catch (IOException e) {
            throw new SpanrelException("cannot cache " + BERT_BASE_CASED + " under " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
        return dir;
    }

    private static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve("config.json")) && Files.isRegularFile(dir.resolve("model.safetensors"))
                && Files.isRegularFile(dir.resolve("vocab.txt")) && Files.isRegularFile(dir.resolve("tokenizer_config.json"));
    }

    /**
     * Reads a Hugging Face checkpoint directory.
     *
     * @param dir a directory with {@code config.json}, weights and {@code vocab.txt}
     * @return the configuration, weights and vocabulary
     */
    public static PretrainedEncoder loadDirectory(Path dir) {
        Path config = dir.resolve("config.json");
        Path vocab = dir.resolve("vocab.txt");
        if (!Files.isRegularFile(config)) {
            throw new SpanrelException(dir + " has no config.json; not a Hugging Face checkpoint directory");
        }
        if (!Files.isRegularFile(vocab)) {
            throw new SpanrelException(dir + " has no vocab.txt; the encoder's WordPiece vocabulary is needed");
        }
        BertConfig cfg = BertConfig.read(config);
        Map<String, FloatTensor> weights = Checkpoints.read(dir);
        Checkpoints.validate(weights, cfg, dir.toString());
        return new PretrainedEncoder(cfg, weights, vocab, lowerCase(dir));
    }

    private static boolean lowerCase(Path dir) {
        Path tc = dir.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(tc)) {
            return false;
        }
        try {
            JsonNode n = JSON.readTree(tc.toFile());
            return n.path("do_lower_case").asBoolean(false);
        } catch (IOException e) {
            throw new SpanrelException("cannot read " + tc + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code config.json}, {@code model.safetensors} (Hugging Face names, [out, in] linear weights),
     * {@code vocab.txt} and {@code tokenizer_config.json}; each file appears whole or not at all.
     *
     * @param encoder the encoder to write
     * @param dir the directory to write into
     */
    public static void writeCanonical(PretrainedEncoder encoder, Path dir) {
        encoder.config().write(dir.resolve("config.json"));
        Map<String, FloatTensor> ordered = new LinkedHashMap<>();
        encoder.config().tensorShapes(true).keySet().forEach(k -> putIfPresent(encoder.weights(), ordered, k));
        encoder.config().maskedLmShapes().keySet().forEach(k -> putIfPresent(encoder.weights(), ordered, k));
        encoder.weights().forEach(ordered::putIfAbsent);
        SafetensorsWriter.write(dir.resolve("model.safetensors"), ordered);
        try {
            byte[] vocab = Files.readAllBytes(encoder.vocab());
            AtomicFiles.write(dir.resolve("vocab.txt"), out -> out.write(vocab));
        } catch (IOException e) {
            throw new SpanrelException("cannot read vocabulary " + encoder.vocab() + ": " + e.getMessage(), e);
        }
        AtomicFiles.writeString(dir.resolve("tokenizer_config.json"), "{\n  \"tokenizer_class\": \"BertTokenizer\",\n"
                + "  \"do_lower_case\": " + encoder.lowerCase() + ",\n  \"model_max_length\": "
                + encoder.config().maxPositionEmbeddings() + "\n}\n");
    }

    private static void putIfPresent(Map<String, FloatTensor> from, Map<String, FloatTensor> to, String key) {
        FloatTensor t = from.get(key);
        if (t != null) {
            to.put(key, t);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException ignored) {
            // Leftover temporary files do not affect the cache, which is only used when complete.
        }
    }
}
