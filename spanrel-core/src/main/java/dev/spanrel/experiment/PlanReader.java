package dev.spanrel.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks a plan file. A mistake in a plan is found here, before hours of training, and reported with the
 * file and the field: {@code experiments/table1.json: experiments[2].seeds: expected a non-empty list of integers}.
 *
 * <pre>
 * {"name": "table1", "description": "...", "cost": "about 41 CPU-hours on 2 cores",
 *  "quick": {"set": ["epochs=2", "limit=200"], "seeds": [1], "folds": [0], "cost": "..."},
 *  "experiments": [{"name": "conll04-bert-base-cased", "dataset": "conll04", "variant": "...",
 *                   "config": "configs/conll04.json", "set": ["key=value"], "seeds": [1, 2, 3, 4, 5],
 *                   "folds": {"count": 10, "train": "ade/ade_split_{fold}_train.json", "test": "..."},
 *                   "noiseRate": 0.2, "setting": "micro, strict"},
 *                  {"name": "conll04-threshold-0.55", "rescores": "conll04-bert-base-cased", ...}]}
 * </pre>
 *
 * Keys starting with "_" are comments. Unknown keys are errors, so a misspelt key does not silently do nothing.
 */
final class PlanReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Experiment and data set names become directory and file names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> PLAN_KEYS = Set.of("name", "description", "cost", "quick", "experiments");
    private static final Set<String> QUICK_KEYS = Set.of("set", "seeds", "folds", "cost");
    private static final Set<String> EXPERIMENT_KEYS = Set.of("name", "dataset", "variant", "config", "set", "seeds",
            "folds", "noiseRate", "setting", "rescores");
    private static final Set<String> FOLD_KEYS = Set.of("count", "train", "test");

    private final Path file;

    private PlanReader(Path file) {
        this.file = file;
    }

    static Plan read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new SpanrelException(file + ": not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new SpanrelException("cannot read plan " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SpanrelException(file + ": a plan file must hold one JSON object");
        }
        return new PlanReader(file).plan(root);
    }

    private Plan plan(JsonNode root) {
        checkKeys(root, "", PLAN_KEYS);
        String name = name(root, "", "name");
        String description = text(root, "", "description");
        String cost = text(root, "", "cost");
        Optional<QuickSettings> quick = root.has("quick") ? Optional.of(quick(root.get("quick"))) : Optional.empty();
        JsonNode list = root.get("experiments");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw error("experiments", "expected a non-empty list of experiments");
        }
        List<PlanExperiment> experiments = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "experiments[" + i + "]";
            PlanExperiment experiment = experiment(list.get(i), where);
            if (!names.add(experiment.name())) {
                throw error(where + ".name", "'" + experiment.name() + "' is used by an earlier experiment; names must be unique");
            }
            experiments.add(experiment);
        }
        for (int i = 0; i < experiments.size(); i++) {
            checkRescoring(experiments.get(i), experiments, "experiments[" + i + "].rescores");
        }
        return new Plan(file, name, description, cost, quick, experiments);
    }

    private QuickSettings quick(JsonNode node) {
        requireObject(node, "quick");
        checkKeys(node, "quick", QUICK_KEYS);
        List<Long> seeds = node.has("seeds") ? seeds(node.get("seeds"), "quick.seeds") : List.of();
        List<Integer> folds = new ArrayList<>();
        if (node.has("folds")) {
            JsonNode list = node.get("folds");
            if (!list.isArray() || list.isEmpty()) {
                throw error("quick.folds", "expected a non-empty list of fold numbers");
            }
            for (JsonNode fold : list) {
                if (!fold.isIntegralNumber() || fold.asInt() < 0) {
                    throw error("quick.folds", "expected fold numbers (0, 1, ...), got " + fold);
                }
                folds.add(fold.asInt());
            }
        }
        String cost = node.has("cost") ? text(node, "quick", "cost") : "";
        return new QuickSettings(overrides(node, "quick"), seeds, folds, cost);
    }

    private PlanExperiment experiment(JsonNode node, String where) {
        requireObject(node, where);
        checkKeys(node, where, EXPERIMENT_KEYS);
        String name = name(node, where, "name");
        if (name.endsWith(QuickSettings.SUFFIX)) {
            throw error(where + ".name", "'" + name + "' ends with '" + QuickSettings.SUFFIX
                    + "', which is reserved for the results of --quick");
        }
        String dataset = name(node, where, "dataset");
        String variant = node.has("variant") ? text(node, where, "variant") : name;
        String config = text(node, where, "config");
        List<Long> seeds = seeds(node.get("seeds"), where + ".seeds");
        Optional<Folds> folds = node.has("folds") ? Optional.of(folds(node.get("folds"), where + ".folds")) : Optional.empty();
        OptionalDouble noiseRate = OptionalDouble.empty();
        if (node.has("noiseRate")) {
            JsonNode rate = node.get("noiseRate");
            if (!rate.isNumber() || rate.asDouble() < 0 || rate.asDouble() >= 1) {
                throw error(where + ".noiseRate", "expected a number in [0, 1), got " + rate);
            }
            noiseRate = OptionalDouble.of(rate.asDouble());
        }
        String setting = node.has("setting") ? text(node, where, "setting") : LiteratureSetting.forDataset(dataset).describe();
        Optional<String> rescores = node.has("rescores") ? Optional.of(name(node, where, "rescores")) : Optional.empty();
        return new PlanExperiment(name, dataset, variant, config, overrides(node, where), seeds, folds, noiseRate, setting,
                rescores);
    }

    /**
     * A rescoring experiment needs a trained model for each of its runs: the experiment it names must be in the plan,
     * train (not rescore) and have every seed and the same folds. Whether the configs differ only after training is
     * checked when the runs are made, where the overrides are resolved.
     */
    private void checkRescoring(PlanExperiment experiment, List<PlanExperiment> experiments, String field) {
        if (experiment.rescores().isEmpty()) {
            return;
        }
        String sourceName = experiment.rescores().get();
        PlanExperiment source = experiments.stream().filter(e -> e.name().equals(sourceName)).findFirst()
                .orElseThrow(() -> error(field, "no experiment named '" + sourceName + "' in the plan"));
        if (source.isRescoring()) {
            throw error(field, "'" + sourceName + "' rescores another experiment itself; name the one that trains");
        }
        if (!source.seeds().containsAll(experiment.seeds())) {
            throw error(field, "seeds " + experiment.seeds() + " are not all seeds of '" + sourceName + "' " + source.seeds());
        }
        if (!source.folds().equals(experiment.folds())) {
            throw error(field, "'" + sourceName + "' has other folds; a rescoring experiment takes its folds as they are");
        }
    }

    private Folds folds(JsonNode node, String where) {
        requireObject(node, where);
        checkKeys(node, where, FOLD_KEYS);
        JsonNode count = node.get("count");
        if (count == null || !count.isIntegralNumber() || count.asInt() < 1) {
            throw error(where + ".count", "expected a positive number of folds, got " + count);
        }
        String train = text(node, where, "train");
        String test = text(node, where, "test");
        for (String field : List.of("train", "test")) {
            if (!node.get(field).asText().contains(Folds.PLACEHOLDER)) {
                throw error(where + "." + field, "the file pattern must contain " + Folds.PLACEHOLDER
                        + " (replaced by the fold number), got '" + node.get(field).asText() + "'");
            }
        }
        return new Folds(count.asInt(), train, test);
    }

    private List<Long> seeds(JsonNode node, String where) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw error(where, "expected a non-empty list of integers, got " + node);
        }
        List<Long> seeds = new ArrayList<>();
        for (JsonNode seed : node) {
            if (!seed.isIntegralNumber() || seed.asLong() < 0) {
                throw error(where, "expected a non-empty list of integers, got " + node);
            }
            if (seeds.contains(seed.asLong())) {
                throw error(where, "seed " + seed.asLong() + " is listed twice");
            }
            seeds.add(seed.asLong());
        }
        return seeds;
    }

    /** The {@code set} list: {@code key=value} strings, checked for form only; the config checks the keys. */
    private List<String> overrides(JsonNode parent, String where) {
        JsonNode node = parent.get("set");
        String field = where.isEmpty() ? "set" : where + ".set";
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error(field, "expected a list of \"key=value\" strings, got " + node);
        }
        List<String> overrides = new ArrayList<>();
        for (JsonNode entry : node) {
            if (!entry.isTextual() || entry.asText().indexOf('=') <= 0) {
                throw error(field, "expected \"key=value\", got " + entry);
            }
            overrides.add(entry.asText());
        }
        return overrides;
    }

    private String name(JsonNode node, String where, String field) {
        String value = text(node, where, field);
        if (!NAME.matcher(value).matches()) {
            throw error(path(where, field), "'" + value + "' is not usable as a file name (letters, digits, '.', '_', '-')");
        }
        return value;
    }

    private String text(JsonNode node, String where, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw error(path(where, field), value == null ? "missing" : "expected a non-empty string, got " + value);
        }
        return value.asText();
    }

    private void requireObject(JsonNode node, String where) {
        if (!node.isObject()) {
            throw error(where, "expected a JSON object, got " + node);
        }
    }

    private void checkKeys(JsonNode node, String where, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!key.startsWith("_") && !known.contains(key)) {
                throw error(path(where, key), "unknown key; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static String path(String where, String field) {
        return where.isEmpty() ? field : where + "." + field;
    }

    private SpanrelException error(String field, String problem) {
        return new SpanrelException(file + ": " + field + ": " + problem);
    }
}
