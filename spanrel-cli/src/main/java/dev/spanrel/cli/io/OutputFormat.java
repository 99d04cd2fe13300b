package dev.spanrel.cli.io;

import java.io.Writer;

/** The output formats of {@code predict --output-format}. */
public enum OutputFormat {
    /** One {@code {"sentences": [...]}} record per input unit, the unit's locator fields first (the service's shape). */
    jsonl,
    /**
     * A SpERT JSON array, one document per sentence ({@code tokens}, {@code entities}, {@code relations}, the
     * input's id as {@code orig_id}): what {@code eval --pred} and SpERT's own tools read.
     */
    spert;

    /**
     * A writer of this format into {@code out}.
     *
     * @param out where the results go; the caller closes it after {@link ResultWriter#finish()}
     * @return the writer
     */
    public ResultWriter open(Writer out) {
        return switch (this) {
            case jsonl -> new JsonLinesResultWriter(out);
            case spert -> new SpertResultWriter(out);
        };
    }
}
