package dev.spanrel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.eval.Evaluation;
import dev.spanrel.eval.EvaluationReport;
import dev.spanrel.eval.Evaluator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Scores predictions against gold with SpERT's protocol: entities, relations strict (with entity "
                + "types) and relations boundaries (without), micro, macro and per type."})
final class EvalCommand implements Callable<Integer> {
    /** Where the predictions come from; a group, so other sources (a model and a data file) can join it. */
    static final class PredictionFiles {
        @Option(names = "--gold", required = true, paramLabel = "FILE", description = "Gold SpERT JSON file.")
        String gold;

        @Option(names = "--pred", required = true, paramLabel = "FILE",
                description = "Predicted SpERT JSON file, one document per gold document, same tokens.")
        String pred;
    }

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Score a predictions file:%n")
    PredictionFiles files;

    @Option(names = "--types", paramLabel = "FILE",
            description = "Types file (default: the *_types.json next to the gold file).")
    String types;

    @Option(names = "--json", description = "Print the scores as JSON instead of a table.")
    boolean json;

    @Option(names = "--no-overlap",
            description = "Drop overlapping entities and relations between overlapping entities (SpERT's no_overlapping, ADE's \"without overlap\").")
    boolean noOverlap;

    @Mixin DataDirOption data;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DataDirectory directory = data.directory();
        Path goldFile = directory.resolve(files.gold);
        Path predFile = directory.resolve(files.pred);
        Path typesFile = types == null ? DataDirectory.typesFileIn(goldFile.toAbsolutePath().getParent()) : directory.resolve(types);
        TypeSystem typeSystem = SpertJson.readTypes(typesFile);
        List<Document> gold = SpertJson.readDocuments(goldFile, typeSystem);
        List<Document> predicted = SpertJson.readDocuments(predFile, typeSystem);
        Evaluation evaluation = new Evaluator(typeSystem, noOverlap).evaluate(gold, predicted);

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(EvaluationReport.toJson(evaluation)));
        } else {
            out.println("gold:        " + goldFile + " (" + gold.size() + " documents)");
            out.println("predictions: " + predFile);
            out.println("overlapping entities: " + (noOverlap ? "dropped (--no-overlap)" : "kept (SpERT's default)"));
            out.println();
            out.print(EvaluationReport.toTable(evaluation));
        }
        out.flush();
        return 0;
    }
}
