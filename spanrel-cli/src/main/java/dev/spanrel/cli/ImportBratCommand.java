package dev.spanrel.cli;

import dev.spanrel.data.BratImport;
import dev.spanrel.data.SpertJson;
import dev.spanrel.text.TextSegmenter;
import java.io.PrintWriter;
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
        BratImport.Result result = new BratImport(TextSegmenter.withMaxWords(maxWords), new HashSet<>(symmetric)).readFolder(input);
        // Types first: a documents file without its types file cannot be read, the other way round is harmless.
        SpertJson.writeTypes(typesOut, result.types());
        SpertJson.writeDocuments(out, result.documents());
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
}
