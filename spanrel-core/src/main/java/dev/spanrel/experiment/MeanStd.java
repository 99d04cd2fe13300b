package dev.spanrel.experiment;

import java.util.Locale;

/** A score averaged over {@code runs} runs, in percent, with its sample standard deviation. */
public record MeanStd(double mean, double std, int runs) {
    /**
     * "71.20 ± 0.85", or "71.20" for a single run, which has no spread to show.
     *
     * @return the formatted score
     */
    public String format() {
        return runs > 1 ? String.format(Locale.ROOT, "%.2f ± %.2f", mean, std) : String.format(Locale.ROOT, "%.2f", mean);
    }
}
