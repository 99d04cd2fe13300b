package dev.spanrel.noise;

import dev.spanrel.SpanrelException;
import java.util.Arrays;
import java.util.Locale;

/** The shape of the noise transition matrix (docs/method.md section 7). */
public enum NoiseKind {
    /** A flipped label lands on any other type with equal probability: {@code T_ij = p / (K - 1)}. */
    SYMMETRIC("symmetric"),
    /** A flipped label always lands on the next type: {@code T_i,(i+1 mod K) = p}, a systematic confusion. */
    PAIR("pair");

    private final String configName;

    NoiseKind(String configName) {
        this.configName = configName;
    }

    /**
     * The name used in configs and on the command line.
     *
     * @return {@code symmetric} or {@code pair}
     */
    public String configName() {
        return configName;
    }

    /**
     * Reads a kind by its config name ("pair-flip" is accepted for pair, as the literature calls it).
     *
     * @param name the name as written
     * @param field the config key or flag it was given for, named in the error
     * @return the kind
     */
    public static NoiseKind parse(String name, String field) {
        String normalized = name.strip().toLowerCase(Locale.ROOT);
        if (normalized.equals("pair-flip") || normalized.equals("pairflip")) {
            return PAIR;
        }
        return Arrays.stream(values()).filter(k -> k.configName.equals(normalized)).findFirst()
                .orElseThrow(() -> new SpanrelException(field + ": unknown noise kind '" + name + "'; known: symmetric, pair"));
    }
}
