package dev.spanrel.experiment;

import java.util.Locale;

/**
 * The averaging and the relation setting under which the literature reports a data set (method.md section 6), so a
 * measured number is put beside published ones only when they mean the same thing: CoNLL04 micro and strict, ADE
 * macro and strict (over 10 folds), SciERC micro and boundaries.
 *
 * @param averaging {@code micro} or {@code macro}
 * @param relationBlock {@code relations_strict} or {@code relations_boundaries}, the key in the evaluation JSON
 */
public record LiteratureSetting(String averaging, String relationBlock) {
    public static final String MICRO = "micro";
    public static final String MACRO = "macro";
    public static final String STRICT = "relations_strict";
    public static final String BOUNDARIES = "relations_boundaries";

    public static LiteratureSetting forDataset(String dataset) {
        return switch (dataset.toLowerCase(Locale.ROOT)) {
            case "ade" -> new LiteratureSetting(MACRO, STRICT);
            case "scierc" -> new LiteratureSetting(MICRO, BOUNDARIES);
            default -> new LiteratureSetting(MICRO, STRICT);
        };
    }

    /** The data set's name as papers write it. */
    public static String displayName(String dataset) {
        return switch (dataset.toLowerCase(Locale.ROOT)) {
            case "conll04" -> "CoNLL04";
            case "ade" -> "ADE";
            case "scierc" -> "SciERC";
            default -> dataset;
        };
    }

    public String otherAveraging() {
        return averaging.equals(MICRO) ? MACRO : MICRO;
    }

    /** "strict" or "boundaries". */
    public String relationSettingName() {
        return relationBlock.equals(BOUNDARIES) ? "boundaries" : "strict";
    }

    /** For example "micro, strict". */
    public String describe() {
        return averaging + ", " + relationSettingName();
    }
}
