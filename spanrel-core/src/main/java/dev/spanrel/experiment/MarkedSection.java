package dev.spanrel.experiment;

import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated part of a hand-written Markdown file, between {@code <!-- report:begin -->} and
 * {@code <!-- report:end -->}: regenerating replaces only what lies between the markers, so prose written around
 * the tables survives.
 */
public final class MarkedSection {
    /** The line before the generated section. */
    public static final String BEGIN = "<!-- report:begin -->";
    /** The line after the generated section. */
    public static final String END = "<!-- report:end -->";

    private MarkedSection() {}

    /**
     * Replaces the section in {@code file} (created with a heading and the markers when missing), atomically.
     *
     * @param file the Markdown file
     * @param generated the new section
     */
    public static void write(Path file, String generated) {
        String document;
        if (Files.isRegularFile(file)) {
            try {
                document = Files.readString(file);
            } catch (IOException e) {
                throw new SpanrelException("cannot read " + file + ": " + e.getMessage(), e);
            }
        } else {
            document = "# Results\n\n" + BEGIN + "\n" + END + "\n";
        }
        AtomicFiles.writeString(file, splice(document, generated, file));
    }

    /**
     * The document with the text between the markers replaced by {@code generated}.
     *
     * @param document the whole Markdown text
     * @param generated the new section
     * @param file the document's file, named in the error when a marker is missing
     * @return the new document
     */
    public static String splice(String document, String generated, Path file) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < 0) {
            throw new SpanrelException(file + ": the markers " + BEGIN + " and " + END
                    + " are missing; add them where the generated tables should go");
        }
        if (end < begin || document.indexOf(BEGIN, begin + 1) >= 0 || document.indexOf(END, end + 1) >= 0) {
            throw new SpanrelException(file + ": expected one " + BEGIN + " followed by one " + END);
        }
        String body = generated.endsWith("\n") ? generated : generated + "\n";
        return document.substring(0, begin + BEGIN.length()) + "\n" + body + document.substring(end);
    }
}
