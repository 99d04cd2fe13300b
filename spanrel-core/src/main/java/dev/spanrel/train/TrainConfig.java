package dev.spanrel.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.DataFormatException;
import dev.spanrel.data.StrictJson;
import dev.spanrel.encoder.Precision;
import dev.spanrel.model.ModelConfig;
import dev.spanrel.noise.NoiseConfig;
import dev.spanrel.noise.NoiseKind;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a training run needs, as one immutable value read from a JSON config file with {@code key=value}
 * overrides (Lucene style: the config is separate from the {@link TrainingRun} that acts on it). Defaults are the
 * paper's, or SpERT's where the paper gives none, with every option beyond the paper off (docs/method.md section 5).
 * Data paths are relative to the data directory unless absolute.
 *
 * <p>The settings come in groups, one record each, so a reader of the loop sees which part it uses
 * ({@code config.optimization().learningRate()}); the config file stays one flat object of keys
 * ({@code "learningRate": 5e-5}), as SpERT's and every earlier config file are, and a key names the same setting
 * in a file, in {@code --set} and in {@code results.json}.
 *
 * @param data which files are read, and how many documents of each
 * @param optimization the update: epochs, batches, AdamW, schedule, clipping, seed and matmul precision
 * @param model the span and pair classifiers on top of the encoder
 * @param sampling the negatives a training sentence is given
 * @param losses the entity and relation losses and their parameters
 * @param robustness the noise-robust training options beyond the losses (small-loss selection, forward correction)
 * @param noise the label noise put on the training documents (the robustness experiment)
 * @param evaluation how dev and test are scored
 */
public record TrainConfig(Data data, Optimization optimization, Model model, Sampling sampling, Losses losses,
        Robustness robustness, Noise noise, Evaluation evaluation) {

    /**
     * Which files are read, and how many documents of each.
     *
     * @param train training file (the published protocol trains on train+dev)
     * @param dev file evaluated after every epoch, or "" for none
     * @param test file evaluated once at the end, or "" for none
     * @param types the {@code *_types.json} file
     * @param limit read only the first documents of each file (0 = all), for smoke runs
     */
    public record Data(String train, String dev, String test, String types, int limit) {}

    /**
     * The update.
     *
     * @param epochs passes over the training documents
     * @param batchSize training documents per update
     * @param learningRate AdamW's peak learning rate
     * @param weightDecay AdamW's decoupled weight decay (none on biases and LayerNorm)
     * @param warmup the fraction of all updates over which the learning rate rises linearly from 0
     * @param maxGradNorm the global gradient norm clipped to
     * @param seed the seed of initialisation, shuffling, sampling and dropout
     * @param precision {@code fp32}, {@code bf16} or {@code auto} (bf16 where the CPU has it natively; the default):
     *     the number format of the encoder's matmuls ({@link Precision})
     * @param maxPassSubTokens the most padded sub-tokens (documents × the longest one's sub-tokens) one forward and
     *     backward pass holds: a batch over it is trained in several passes whose gradients add up to the batch's
     *     ({@link BatchPass}), so a batch of long sentences does not set the memory peak; 0 (the default, the
     *     behaviour of the runs before the key) never splits
     */
    public record Optimization(int epochs, int batchSize, double learningRate, double weightDecay, double warmup,
            double maxGradNorm, long seed, String precision, int maxPassSubTokens) {}

    /**
     * The span and pair classifiers on top of the encoder.
     *
     * @param encoder {@code bert-base-cased} or a Hugging Face checkpoint directory
     * @param maxSpanSize widest span, in words
     * @param widthEmbeddingSize size of the span-width embedding
     * @param dropout dropout before the classifiers
     * @param entityTemperature temperature of the entity softmax
     * @param relationTemperature temperature of the relation sigmoid
     * @param relationThreshold least relation probability kept when decoding
     * @param relationUsesEntityTypes whether the pair representation includes the predicted entity types
     */
    public record Model(String encoder, int maxSpanSize, int widthEmbeddingSize, double dropout, double entityTemperature,
            double relationTemperature, double relationThreshold, boolean relationUsesEntityTypes) {}

    /**
     * The negatives a training sentence is given ({@link SamplingConfig}).
     *
     * @param negativeRatio negatives per positive (paper: 30)
     * @param negativeEntityCount fixed number of negative spans per sentence, or 0 to use the ratio
     * @param negativeRelationCount fixed number of negative pairs per sentence, or 0 to use the ratio
     */
    public record Sampling(int negativeRatio, int negativeEntityCount, int negativeRelationCount) {}

    /**
     * The losses, by name ({@link LossChoice}).
     *
     * @param entityLoss {@code poly1} (with {@code polyEpsilon}), {@code cross-entropy}, or on the gold-positive spans
     *     {@code gce} / {@code sce} (negatives on Poly-1)
     * @param relationLoss {@code bce}, or on the gold-positive pairs {@code gce} / {@code sce} (negatives on BCE)
     * @param polyEpsilon ε of the Poly-1 entity loss
     * @param gceQ q of generalized cross-entropy, in (0, 1]
     * @param sceAlpha α of symmetric cross-entropy, the weight of cross-entropy
     * @param sceBeta β of symmetric cross-entropy, the weight of the reverse cross-entropy
     * @param sceLogZero A, the value {@code log 0} is clamped to in the reverse cross-entropy (negative)
     * @param robustLossWarmup the fraction of all updates during which the positives of a {@code gce} or {@code sce}
     *     loss still train on Poly-1 and BCE, before the robust loss takes over; 0 = robust from the first update
     */
    public record Losses(String entityLoss, String relationLoss, double polyEpsilon, double gceQ, double sceAlpha,
            double sceBeta, double sceLogZero, double robustLossWarmup) {}

    /**
     * The noise-robust training options beyond the losses.
     *
     * @param smallLossRate the share of each batch's positive spans and pairs with the highest loss left out of the
     *     loss once ramped up ({@link SmallLossSelection}; set near the positives' expected noise rate); 0 = off
     * @param smallLossWarmup the fraction of all updates before the selection starts
     * @param smallLossRamp the fraction of all updates over which the left-out share grows from 0 to the rate
     * @param forwardCorrectionEpoch after this epoch, the noise transitions are estimated from the model's confident
     *     predictions on the training positives and the positives' losses forward-corrected for the remaining
     *     epochs ({@link TransitionEstimator}); 0 = off
     * @param forwardCorrectionConfidence the least predicted probability of a span or pair that counts for the estimate
     * @param forwardCorrectionFloor the least transition probability of the estimate
     */
    public record Robustness(double smallLossRate, double smallLossWarmup, double smallLossRamp, int forwardCorrectionEpoch,
            double forwardCorrectionConfidence, double forwardCorrectionFloor) {}

    /**
     * The label noise put on the training documents (docs/method.md section 7).
     *
     * @param trainNoiseRate flip this fraction of the training labels' types; 0 = clean data
     * @param trainNoiseKind {@code symmetric} or {@code pair}, the shape of the noise transition matrix
     * @param trainNoiseSeed seed of the label flips; 0 = the run's {@code seed}
     */
    public record Noise(double trainNoiseRate, String trainNoiseKind, long trainNoiseSeed) {}

    /**
     * How dev and test are scored.
     *
     * @param evalBatchSize sentences per forward pass when scoring
     * @param evalDropOverlapping evaluate without overlapping entities (ADE's second setting)
     */
    public record Evaluation(int evalBatchSize, boolean evalDropOverlapping) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Reads one group from the flat object: the other groups' keys are not its own, and not errors. */
    private static final ObjectMapper GROUP_READER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    /**
     * Keys that act only once a model is trained: two configs that differ only in these train the same model, so
     * one trained model can be scored under either (the relation threshold is read on dev, but only for the
     * report; the trainer keeps its last epoch).
     */
    public static final Set<String> AFTER_TRAINING_KEYS = Set.of("test", "evalBatchSize", "relationThreshold", "evalDropOverlapping");

    /**
     * The documents a run reads of a file: all of them, or the first {@code limit} (smoke runs).
     *
     * @param <T> the kind of document
     * @param documents all documents of the file, in file order
     * @return {@code documents}, or a view of its first {@code limit}
     */
    public <T> List<T> limited(List<T> documents) {
        int limit = data.limit();
        return limit > 0 && documents.size() > limit ? documents.subList(0, limit) : documents;
    }

    /**
     * The defaults of docs/method.md section 5, with no data files; a config file and overrides go over these.
     *
     * @return the default config
     */
    public static TrainConfig defaults() {
        return new TrainConfig(
                new Data("", "", "", "", 0),
                new Optimization(20, 8, 5e-5, 0.01, 0.1, 1.0, 1, Precision.AUTO, 0),
                new Model("bert-base-cased", 10, 50, 0.2, 1.0, 1.0, 0.4, false),
                new Sampling(30, 0, 0),
                new Losses("poly1", "bce", 1.0, 0.7, 0.1, 1.0, -4.0, 0.0),
                new Robustness(0.0, 0.1, 0.2, 0, 0.9, 0.001),
                new Noise(0, NoiseKind.SYMMETRIC.configName(), 0),
                new Evaluation(16, false));
    }

    /**
     * The keys the first checkpoints were written with (noise and precision joined them, with rules of their own in
     * {@link #identityJson}), in the order the identity digest hashes them: that order never changes.
     */
    private static final List<String> FIRST_KEYS = List.of("train", "dev", "test", "types", "encoder", "epochs",
            "batchSize", "evalBatchSize", "learningRate", "weightDecay", "warmup", "maxGradNorm", "seed", "negativeRatio",
            "negativeEntityCount", "negativeRelationCount", "maxSpanSize", "widthEmbeddingSize", "dropout",
            "entityTemperature", "relationTemperature", "polyEpsilon", "relationThreshold", "relationUsesEntityTypes",
            "limit", "evalDropOverlapping", "trainNoiseRate", "trainNoiseKind", "trainNoiseSeed", "precision");

    /**
     * Every key, in the order config files, {@code results.json} and the identity have them: the {@link #FIRST_KEYS},
     * then every later key in the order of the groups' components.
     */
    static final List<String> KEY_ORDER = keyOrder();

    /**
     * Keys added after checkpoints were first written: every key after the first ones, derived, so a key added to a
     * group later is one of them without anyone listing it. They are left out of {@link #identityJson} at their
     * defaults, so a checkpoint made before they existed still resumes. (A later key's default is then part of what
     * old checkpoints mean: changing it is a new key, not a new default.)
     */
    static final List<String> KEYS_ADDED_WITH_DEFAULTS = KEY_ORDER.subList(FIRST_KEYS.size(), KEY_ORDER.size());

    private static List<String> keyOrder() {
        List<String> order = new ArrayList<>(FIRST_KEYS);
        for (RecordComponent group : TrainConfig.class.getRecordComponents()) {
            for (RecordComponent key : group.getType().getRecordComponents()) {
                if (!FIRST_KEYS.contains(key.getName())) {
                    order.add(key.getName());
                }
            }
        }
        return List.copyOf(order);
    }

    /**
     * The label noise for the training documents, or empty when {@code trainNoiseRate} is 0.
     *
     * @return the noise to put on the training labels, if any
     * @throws SpanrelException if {@code trainNoiseRate} is outside [0, 1) or {@code trainNoiseKind} is unknown
     */
    public Optional<NoiseConfig> trainNoise() {
        double rate = noise.trainNoiseRate();
        if (!(rate >= 0 && rate < 1)) {
            throw new SpanrelException("trainNoiseRate must be in [0, 1), got " + rate);
        }
        NoiseKind kind = NoiseKind.parse(noise.trainNoiseKind(), "trainNoiseKind");
        if (rate == 0) {
            return Optional.empty();
        }
        long seed = noise.trainNoiseSeed() == 0 ? optimization.seed() : noise.trainNoiseSeed();
        return Optional.of(new NoiseConfig(rate, seed, kind));
    }

    /**
     * The number format of the encoder's matmuls, parsed from {@code precision}.
     *
     * @return the encoder's precision
     */
    public Precision encoderPrecision() {
        return Precision.parse(optimization.precision(), "precision");
    }

    /**
     * The JSON that identifies the training a checkpoint belongs to. Without noise the noise keys are left out, at
     * fp32 the precision ({@code auto} counts as what it resolved to), and the {@link #KEYS_ADDED_WITH_DEFAULTS} at
     * their defaults, so a checkpoint made before those keys existed still resumes.
     *
     * @return the identifying keys and their values
     */
    public ObjectNode identityJson() {
        ObjectNode json = toJson();
        ObjectNode defaults = defaults().toJson();
        for (String key : KEYS_ADDED_WITH_DEFAULTS) {
            if (json.get(key).equals(defaults.get(key))) {
                json.remove(key);
            }
        }
        if (noise.trainNoiseRate() == 0) {
            json.remove(List.of("trainNoiseRate", "trainNoiseKind", "trainNoiseSeed"));
        }
        // The precision the training runs at, whatever name chose it: "auto" is bf16 on one machine, fp32 on another.
        if (encoderPrecision() == Precision.FP32) {
            json.remove("precision");
        } else {
            json.put("precision", encoderPrecision().configName());
        }
        return json;
    }

    /**
     * The model's shape and decoding settings this config trains with.
     *
     * @return the model config
     */
    public ModelConfig modelConfig() {
        return new ModelConfig(model.maxSpanSize(), model.widthEmbeddingSize(), ConfigRanges.WIDTH_EMBEDDING_COUNT,
                model.dropout(), model.entityTemperature(), model.relationTemperature(), model.relationThreshold(),
                model.relationUsesEntityTypes(), 25);
    }

    /**
     * How many negative spans and pairs a training document is sampled with.
     *
     * @return the sampling config
     */
    public SamplingConfig samplingConfig() {
        return new SamplingConfig(sampling.negativeRatio(), sampling.negativeEntityCount(), sampling.negativeRelationCount(),
                model.maxSpanSize());
    }

    /**
     * Reads a config file over the defaults, then applies {@code key=value} overrides in order. Every value is
     * checked for its type and range ({@link ConfigRanges}); a message names the file, the key and the value.
     *
     * @param file the JSON config file
     * @param overrides {@code key=value} strings, applied after the file
     * @return the config
     * @throws SpanrelException if the file cannot be read, holds an unknown key, or a value is of the wrong type or
     *     out of range
     */
    public static TrainConfig read(Path file, List<String> overrides) {
        ObjectNode tree = defaults().toJson();
        JsonNode fromFile = StrictJson.readFile(file);
        if (!(fromFile instanceof ObjectNode object)) {
            throw new SpanrelException(file + ": a config file must hold one JSON object");
        }
        merge(tree, object, file.toString());
        TrainConfig config = withOverrides(tree, overrides, file + ": ");
        try {
            config.trainNoise();
        } catch (SpanrelException e) {
            throw new SpanrelException(file + ": " + e.getMessage(), e);
        }
        return config;
    }

    /**
     * This config with {@code key=value} overrides applied.
     *
     * @param overrides {@code key=value} strings, applied in order
     * @return the new config
     * @throws SpanrelException if an override names an unknown key or a value is of the wrong type or out of range
     */
    public TrainConfig with(List<String> overrides) {
        return withOverrides(toJson(), overrides, "");
    }

    /**
     * Applies the overrides, then checks every value. {@code file} prefixes messages about values that came from
     * the config file or the defaults ("" when there is no file); a value from an override says so as well.
     */
    private static TrainConfig withOverrides(ObjectNode tree, List<String> overrides, String file) {
        Map<String, String> overridden = new HashMap<>();
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new SpanrelException("--set takes key=value, got '" + override + "'");
            }
            String key = override.substring(0, eq).trim();
            String value = override.substring(eq + 1).trim();
            JsonNode current = tree.get(key);
            if (current == null) {
                throw new SpanrelException("--set " + key + ": unknown config key; known: " + fieldNames(tree));
            }
            try {
                tree.set(key, current.isTextual() ? tree.textNode(value) : StrictJson.readLine(value, "--set " + key));
            } catch (DataFormatException e) {
                throw new SpanrelException("--set " + key + ": '" + value + "' is not a valid " + current.getNodeType().name().toLowerCase());
            }
            overridden.put(key, override.trim());
        }
        ObjectNode defaults = defaults().toJson();
        for (Iterator<String> keys = tree.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            Optional<String> problem = ConfigRanges.problem(key, defaults.get(key), tree.get(key));
            if (problem.isPresent()) {
                String from = overridden.containsKey(key) ? " (from --set " + overridden.get(key) + ")" : "";
                throw new SpanrelException(file + problem.get() + from);
            }
        }
        TrainConfig config;
        try {
            config = fromJson(tree);
        } catch (JsonProcessingException e) {
            throw new SpanrelException(file + "invalid config: " + e.getOriginalMessage());
        }
        String losses = LossChoice.problem(config);
        if (losses != null) {
            throw new SpanrelException(file + losses);
        }
        return config;
    }

    private static void merge(ObjectNode target, ObjectNode source, String origin) {
        Iterator<String> names = source.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.startsWith("_")) {
                continue; // "_comment" and the like document a config file
            }
            if (!target.has(name)) {
                throw new SpanrelException(origin + ": unknown config key '" + name + "'; known: " + fieldNames(target));
            }
            target.set(name, source.get(name));
        }
    }

    private static String fieldNames(ObjectNode tree) {
        StringBuilder names = new StringBuilder();
        tree.fieldNames().forEachRemaining(n -> names.append(names.length() == 0 ? "" : ", ").append(n));
        return names.toString();
    }

    /**
     * Where this config's {@link #identityJson} differs from an earlier one's, as {@code key: earlier → now}; a key
     * the identity leaves out (float32 precision, no noise, a later key at its default) shows as {@code (default)}.
     * It tells a user whose run refuses to resume what to set.
     *
     * @param earlier the config a run was begun with
     * @return the differing keys, in this config's key order; empty when both identify the same training
     */
    public List<String> identityDifferences(TrainConfig earlier) {
        ObjectNode now = identityJson();
        ObjectNode before = earlier.identityJson();
        Set<String> keys = new LinkedHashSet<>();
        now.fieldNames().forEachRemaining(keys::add);
        before.fieldNames().forEachRemaining(keys::add);
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            JsonNode a = before.get(key);
            JsonNode b = now.get(key);
            if (!Objects.equals(a, b)) {
                differences.add(key + ": " + (a == null ? "(default)" : a.asText()) + " → " + (b == null ? "(default)" : b.asText()));
            }
        }
        return differences;
    }

    /**
     * Every key of this config with its value, as a config file would hold it.
     *
     * @return the config as a JSON object
     */
    public ObjectNode toJson() {
        ObjectNode byGroup = JSON.createObjectNode();
        for (Record group : List.of(data, optimization, model, sampling, losses, robustness, noise, evaluation)) {
            byGroup.setAll((ObjectNode) JSON.valueToTree(group));
        }
        ObjectNode json = JSON.createObjectNode();
        for (String key : KEY_ORDER) {
            json.set(key, byGroup.get(key));
        }
        return json;
    }

    /** The config of a flat object holding every key: each group takes its own keys from it. */
    private static TrainConfig fromJson(ObjectNode flat) throws JsonProcessingException {
        return new TrainConfig(GROUP_READER.treeToValue(flat, Data.class), GROUP_READER.treeToValue(flat, Optimization.class),
                GROUP_READER.treeToValue(flat, Model.class), GROUP_READER.treeToValue(flat, Sampling.class),
                GROUP_READER.treeToValue(flat, Losses.class), GROUP_READER.treeToValue(flat, Robustness.class),
                GROUP_READER.treeToValue(flat, Noise.class), GROUP_READER.treeToValue(flat, Evaluation.class));
    }
}
