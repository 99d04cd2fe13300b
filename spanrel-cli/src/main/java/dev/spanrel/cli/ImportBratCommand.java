package dev.spanrel.cli;

import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.BratImport;
import dev.spanrel.data.SpertJson;
import dev.spanrel.text.TextSegmenter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import-brat", mixinStandardHelpOptions = true,
        description = {"Turns a folder of brat standoff annotation (name.txt with name.ann) into a SpERT JSON file, one "
                + "document per sentence, and its types file, ready for `train`. Sentences and words are split as "
                + "`predict` splits raw text. What a span model cannot hold is left out and counted: discontinuous "
                + "entities, entities across a sentence break, relations across sentences."})
final class ImportBratCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Folder of brat .txt and .ann files.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "SpERT JSON file to write.")
    Path out;

    @Option(names = "--types-out", required = true, paramLabel = "FILE", description = "Types file to write (the entity and relation types found, in name order).")
    Path typesOut;

    @Option(names = "--symmetric", split = ",", paramLabel = "TYPE", description = "Relation types that hold in both directions (brat does not record it), comma-separated.")
    List<String> symmetric = List.of();

    @Option(names = "--max-words", paramLabel = "N", defaultValue = "" + TextSegmenter.DEFAULT_MAX_WORDS,
            description = "Sentences with more words are cut into chunks (default: ${DEFAULT-VALUE}).")
    int maxWords;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        // Both destinations are checked before the import, so neither is written when the other cannot be.
        prepare(out, "--out");
        prepare(typesOut, "--types-out");
        BratImport.Result result = new BratImport(TextSegmenter.withMaxWords(maxWords), new HashSet<>(symmetric)).readFolder(input);
        writeBoth(result);
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("wrote %s and %s%n", out, typesOut);
        result.counts().lines().forEach(printer::println);
        for (String name : symmetric) {
            if (result.types().findRelationType(name).isEmpty()) {
                printer.println("  --symmetric " + name + ": no relation of that type in the input");
            }
        }
        printer.flush();
        return 0;
    }

    /** Refuses a destination that is a directory, and creates its folder. */
    private static void prepare(Path target, String option) {
        if (Files.isDirectory(target)) {
            throw new SpanrelException(option + " " + target + " is a directory; give the file to write");
        }
        Path folder = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            String why = e instanceof FileAlreadyExistsException
                    ? "the file " + e.getMessage() + " is in the way of its folder" : e.toString();
            throw new SpanrelException("cannot write " + target + ": " + why, e);
        }
    }

    /**
     * The documents are written beside their target first, then the types file, then the documents are moved into
     * place: a failure while writing the documents leaves no types file behind, and a documents file never appears
     * without its types.
     */
    private void writeBoth(BratImport.Result result) {
        Path target = out.toAbsolutePath();
        Path staged = target.resolveSibling("." + target.getFileName() + ".import");
        try {
            SpertJson.writeDocuments(staged, result.documents());
            SpertJson.writeTypes(typesOut, result.types());
            try {
                AtomicFiles.moveIntoPlace(staged, target);
            } catch (IOException e) {
                throw new SpanrelException("cannot write " + out + ": " + e.getMessage(), e);
            }
        } finally {
            AtomicFiles.deleteQuietly(staged);
        }
    }
}
