package dev.spanrel.experiment;

import java.util.List;

/**
 * Numbers published by others, kept apart from anything measured here: the paper's SPAN_SpanBERT and its BERT
 * ablation (its Tables 1 and 3), and SpERT's published results with BERT-base (docs/method.md section 8; on ADE also
 * without overlapping entities, its second setting, which the paper does not report), plus the paper's label-noise
 * results on SciERC (its Table 2). Entity and relation F1 in percent.
 */
final class PublishedResults {
    /** One published row: a system's entity and relation F1 on a data set, under the data set's literature setting. */
    public record Published(String dataset, String system, double entityF1, double relationF1, String source) {}

    /** One point of the paper's noise curves. */
    public record PublishedNoise(String dataset, String system, double noiseRate, double entityF1, double relationF1) {}

    private static final String PAPER = "the paper, Tables 1 and 3";
    private static final String SPERT = "SpERT (Eberts and Ulges, ECAI 2020)";

    private static final List<Published> TABLE = List.of(
            new Published("conll04", "SPAN_SpanBERT (the paper)", 89.02, 71.58, PAPER),
            new Published("conll04", "the paper's BERT ablation", 86.56, 68.13, PAPER),
            new Published("conll04", "SpERT, BERT-base", 88.94, 71.47, SPERT),
            new Published("ade", "SPAN_SpanBERT (the paper)", 90.20, 79.53, PAPER),
            new Published("ade", "the paper's BERT ablation", 87.92, 70.34, PAPER),
            new Published("ade", "SpERT, BERT-base", 89.28, 78.84, SPERT),
            new Published("ade-no-overlap", "SpERT, BERT-base", 89.25, 79.24, SPERT),
            new Published("scierc", "SPAN_SpanBERT (the paper)", 68.74, 49.37, PAPER),
            new Published("scierc", "the paper's BERT ablation", 65.43, 45.71, PAPER),
            new Published("scierc", "SpERT, BERT-base", 67.62, 46.44, SPERT));

    private static final List<PublishedNoise> NOISE = List.of(
            new PublishedNoise("scierc", "SPAN_SpanBERT (the paper)", 0.0, 68.74, 49.37),
            new PublishedNoise("scierc", "SPAN_SpanBERT (the paper)", 0.2, 65.82, 45.06),
            new PublishedNoise("scierc", "SPAN_SpanBERT (the paper)", 0.4, 56.43, 36.72),
            new PublishedNoise("scierc", "SpERT (as run by the paper)", 0.0, 67.62, 46.44),
            new PublishedNoise("scierc", "SpERT (as run by the paper)", 0.2, 60.47, 38.37),
            new PublishedNoise("scierc", "SpERT (as run by the paper)", 0.4, 39.67, 21.65));

    private PublishedResults() {}

    /**
     * The published rows of a data set.
     *
     * @param dataset the data set's name, e.g. {@code conll04}
     * @return the rows, none for a data set without published results
     */
    public static List<Published> forDataset(String dataset) {
        return TABLE.stream().filter(p -> p.dataset().equals(dataset)).toList();
    }

    /**
     * The published noise curves of a data set.
     *
     * @param dataset the data set's name, e.g. {@code scierc}
     * @return the points, none for a data set without them
     */
    public static List<PublishedNoise> noiseForDataset(String dataset) {
        return NOISE.stream().filter(p -> p.dataset().equals(dataset)).toList();
    }

    /**
     * The data sets with published rows, in the paper's order of discussion here: CoNLL04, ADE (with overlapping
     * entities, then without), SciERC.
     *
     * @return the data set names
     */
    public static List<String> datasets() {
        return List.of("conll04", "ade", "ade-no-overlap", "scierc");
    }
}
