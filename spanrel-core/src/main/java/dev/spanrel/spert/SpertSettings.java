package dev.spanrel.spert;

import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of a SpERT model that its checkpoint does not hold, because SpERT takes them from its run config
 * ({@code train.conf} / {@code eval.conf}): widest span, relation threshold, dropout, lower-casing. Defaults are
 * SpERT's own ({@code args.py}); a SpERT config file and {@code key=value} overrides (SpERT's names or spanrel's)
 * change them. The two decoding switches of {@code ModelConfig} are on, so the model decodes as SpERT does.
 */
public record SpertSettings(
        int maxSpanSize,
        double relationThreshold,
        double dropout,
        Optional<Boolean> lowerCase,
        Optional<Integer> sizeEmbedding,
        boolean keepAllEntities,
        boolean symmetricBySpanStart,
        Map<String, String> sources) {

    /** SpERT's key → ours; the value of either form sets the same setting. */
    private static final Map<String, String> ALIASES = Map.of(
            "max_span_size", "maxSpanSize",
            "rel_filter_threshold", "relationThreshold",
            "prop_drop", "dropout",
            "lowercase", "lowerCase",
            "size_embedding", "widthEmbeddingSize");
    private static final List<String> KEYS = List.of("maxSpanSize", "relationThreshold", "dropout", "lowerCase",
            "widthEmbeddingSize", "keepAllEntities", "symmetricBySpanStart");

    /**
     * SpERT's own defaults ({@code args.py}): spans up to 10 words, threshold 0.4, dropout 0.1, lower-casing and
     * the size embedding as the checkpoint says, and SpERT's decoding.
     *
     * @return the default settings
     */
    public static SpertSettings defaults() {
        return new SpertSettings(10, 0.4, 0.1, Optional.empty(), Optional.empty(), true, true, Map.of());
    }

    /**
     * Reads the settings a SpERT {@code .conf} holds ({@code key = value} lines under a {@code [1]} header, as
     * SpERT's example configs are written); its other keys (training, paths) are not model settings and are left
     * alone.
     *
     * @param conf a SpERT {@code .conf} file
     * @return these settings with the file's values applied
     * @throws SpanrelException naming the file and line when it cannot be read or a value is invalid
     */
    public SpertSettings withSpertConfig(Path conf) {
        List<String> lines;
        try {
            lines = Files.readAllLines(conf);
        } catch (IOException e) {
            throw new SpanrelException("cannot read SpERT config " + conf + ": " + e.getMessage(), e);
        }
        SpertSettings out = this;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new SpanrelException(conf + " line " + (i + 1) + ": expected 'key = value', found '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            if (ALIASES.containsKey(key)) {
                out = out.with(key, line.substring(eq + 1).strip(), conf + " line " + (i + 1));
            }
        }
        return out;
    }

    /**
     * Applies {@code key=value} overrides; an unknown key is an error that lists the known ones.
     *
     * @param assignments {@code key=value} strings with SpERT's or spanrel's key names, applied in order
     * @return these settings with the overrides applied
     * @throws SpanrelException if an assignment is malformed, its key unknown or its value invalid
     */
    public SpertSettings withOverrides(List<String> assignments) {
        SpertSettings out = this;
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new SpanrelException("--set " + assignment + ": expected key=value");
            }
            String key = assignment.substring(0, eq).strip();
            if (!ALIASES.containsKey(key) && !KEYS.contains(key)) {
                throw new SpanrelException("--set " + assignment + ": unknown key '" + key + "'; known: " + KEYS
                        + " or SpERT's " + ALIASES.keySet());
            }
            out = out.with(key, assignment.substring(eq + 1).strip(), "--set");
        }
        return out;
    }

    private SpertSettings with(String key, String value, String where) {
        String name = ALIASES.getOrDefault(key, key);
        Map<String, String> from = new LinkedHashMap<>(sources);
        from.put(name, value + " (" + where + ")");
        String field = where + ": " + key;
        return switch (name) {
            case "maxSpanSize" -> new SpertSettings(positive(value, field), relationThreshold, dropout, lowerCase,
                    sizeEmbedding, keepAllEntities, symmetricBySpanStart, from);
            case "relationThreshold" -> new SpertSettings(maxSpanSize, probability(value, field), dropout, lowerCase,
                    sizeEmbedding, keepAllEntities, symmetricBySpanStart, from);
            case "dropout" -> new SpertSettings(maxSpanSize, relationThreshold, probability(value, field), lowerCase,
                    sizeEmbedding, keepAllEntities, symmetricBySpanStart, from);
            case "lowerCase" -> new SpertSettings(maxSpanSize, relationThreshold, dropout,
                    Optional.of(bool(value, field)), sizeEmbedding, keepAllEntities, symmetricBySpanStart, from);
            case "widthEmbeddingSize" -> new SpertSettings(maxSpanSize, relationThreshold, dropout, lowerCase,
                    Optional.of(positive(value, field)), keepAllEntities, symmetricBySpanStart, from);
            case "keepAllEntities" -> new SpertSettings(maxSpanSize, relationThreshold, dropout, lowerCase,
                    sizeEmbedding, bool(value, field), symmetricBySpanStart, from);
            case "symmetricBySpanStart" -> new SpertSettings(maxSpanSize, relationThreshold, dropout, lowerCase,
                    sizeEmbedding, keepAllEntities, bool(value, field), from);
            default -> throw new IllegalStateException(name);
        };
    }

    private static int positive(String value, String field) {
        try {
            int v = Integer.parseInt(value);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SpanrelException(field + " must be a positive integer, not '" + value + "'");
    }

    private static double probability(String value, String field) {
        try {
            double v = Double.parseDouble(value);
            if (v >= 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SpanrelException(field + " must be a number in [0, 1], not '" + value + "'");
    }

    private static boolean bool(String value, String field) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new SpanrelException(field + " must be true or false, not '" + value + "'");
    }
}
