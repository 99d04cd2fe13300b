package dev.spanrel.experiment;

import java.util.Locale;

/**
 * The averaging and the relation setting under which the literature reports a data set (docs/method.md section 6), so a
 * measured number is put beside published ones only when they mean the same thing: CoNLL04 micro and strict, ADE
 * macro and strict (over 10 folds; also without overlapping entities, {@code ade-no-overlap}), SciERC micro and
 * boundaries.
 *
 * @param averaging {@code micro} or {@code macro}
 * @param relationBlock {@code relations_strict} or {@code relations_boundaries}, the key in the evaluation JSON
 */
public record LiteratureSetting(String averaging, String relationBlock) {
    /** Micro averaging: counts pooled over types. */
    public static final String MICRO = "micro";
    /** Macro averaging: the unweighted mean over types. */
    public static final String MACRO = "macro";
    /** The evaluation block of strict relations (entity types must be right too). */
    public static final String STRICT = "relations_strict";
    /** The evaluation block of relations judged by entity boundaries only. */
    public static final String BOUNDARIES = "relations_boundaries";

    /**
     * The setting papers report a data set under: ADE macro and strict (with overlapping entities and without),
     * SciERC micro and boundaries, every other micro and strict.
     *
     * @param dataset the data set's name, in any case
     * @return the setting
     */
    public static LiteratureSetting forDataset(String dataset) {
        return switch (dataset.toLowerCase(Locale.ROOT)) {
            case "ade", "ade-no-overlap" -> new LiteratureSetting(MACRO, STRICT);
            case "scierc" -> new LiteratureSetting(MICRO, BOUNDARIES);
            default -> new LiteratureSetting(MICRO, STRICT);
        };
    }

    /**
     * The data set's name as papers write it.
     *
     * @param dataset the data set's name, in any case
     * @return e.g. "CoNLL04"; an unknown name as given
     */
    public static String displayName(String dataset) {
        return switch (dataset.toLowerCase(Locale.ROOT)) {
            case "conll04" -> "CoNLL04";
            case "ade" -> "ADE";
            case "ade-no-overlap" -> "ADE without overlapping entities";
            case "scierc" -> "SciERC";
            default -> dataset;
        };
    }

    /**
     * The averaging the literature does not use for this data set, which the report shows in a second table.
     *
     * @return {@code micro} or {@code macro}
     */
    public String otherAveraging() {
        return averaging.equals(MICRO) ? MACRO : MICRO;
    }

    /**
     * "strict" or "boundaries".
     *
     * @return the name
     */
    public String relationSettingName() {
        return relationBlock.equals(BOUNDARIES) ? "boundaries" : "strict";
    }

    /**
     * For example "micro, strict".
     *
     * @return the averaging and the relation setting
     */
    public String describe() {
        return averaging + ", " + relationSettingName();
    }
}
