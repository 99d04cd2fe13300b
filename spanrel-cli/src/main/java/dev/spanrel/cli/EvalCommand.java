package dev.spanrel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.eval.Evaluation;
import dev.spanrel.eval.EvaluationReport;
import dev.spanrel.eval.Evaluator;
import dev.spanrel.infer.ModelTagger;
import dev.spanrel.infer.RelationThresholdSweep;
import dev.spanrel.infer.TaggerOptions;
import dev.spanrel.infer.SentencePrediction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

    /** Or: a trained model predicts a data file, and its predictions are scored against it. */
    static final class ModelOnData {
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "Trained model directory.")
        Path model;

        @Option(names = "--data", required = true, paramLabel = "FILE", description = "Annotated SpERT JSON file to score on.")
        String data;

        @Option(names = "--save-predictions", paramLabel = "FILE", description = "Also write the predictions as SpERT JSON.")
        Path savePredictions;

        @Option(names = "--precision", defaultValue = "fp32", description = TaggerFlags.PRECISION)
        String precision;

        @Option(names = "--relation-threshold", paramLabel = "P", description = TaggerFlags.RELATION_THRESHOLD)
        Double relationThreshold;

        @Option(names = "--threshold-sweep", paramLabel = "FROM:TO:STEP",
                description = "Score the relations at each of these thresholds (FROM:TO:STEP, e.g. 0.1:0.9:0.05, or a comma list)"
                        + " from one run of the model, and name the best by strict micro F1. Choose on a dev set, never on test.")
        String thresholdSweep;
    }

    static final class Source {
        @ArgGroup(exclusive = false, heading = "Score a predictions file:%n")
        PredictionFiles files;

        @ArgGroup(exclusive = false, heading = "Score a model on a data file:%n")
        ModelOnData modelOnData;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--types", paramLabel = "FILE",
            description = "Types file (default: the *_types.json next to the gold file).")
    String types;

    @Option(names = "--json", description = "Print the scores as JSON instead of a table.")
    boolean json;

    @Option(names = "--no-overlap",
            description = "Drop overlapping entities and relations between overlapping entities (SpERT's no_overlapping, ADE's \"without overlap\").")
    boolean noOverlap;

    @Option(names = "--errors",
            description = "Also break the strict relation errors down: missed with both entities right or with an entity wrong, spurious between gold entities or with a non-gold one.")
    boolean errors;

    @Mixin DataDirOption data;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DataDirectory directory = data.directory();
        TypeSystem typeSystem;
        Path goldFile;
        String predictionsFrom;
        List<Document> gold;
        List<Document> predicted;
        if (source.modelOnData != null && source.modelOnData.thresholdSweep != null) {
            return sweep(directory, source.modelOnData);
        }
        if (source.modelOnData != null) {
            TaggerOptions options = TaggerFlags.options(source.modelOnData.precision, source.modelOnData.relationThreshold);
            goldFile = directory.resolve(source.modelOnData.data);
            try (ModelTagger tagger = ModelTagger.load(source.modelOnData.model, ModelTagger.DEFAULT_BATCH_SIZE, options)) {
                // The model's own types: a data file is read and scored in the type system the model predicts.
                typeSystem = tagger.types();
                gold = SpertJson.readDocuments(goldFile, typeSystem);
                predicted = tagger.predictDocuments(gold);
            }
            if (source.modelOnData.savePredictions != null) {
                SpertJson.writeDocuments(source.modelOnData.savePredictions, predicted);
            }
            predictionsFrom = "model " + source.modelOnData.model
                    + (source.modelOnData.relationThreshold == null ? "" : ", relation threshold " + source.modelOnData.relationThreshold);
        } else {
            goldFile = directory.resolve(source.files.gold);
            Path predFile = directory.resolve(source.files.pred);
            Path typesFile = types == null ? DataDirectory.typesFileIn(goldFile.toAbsolutePath().getParent()) : directory.resolve(types);
            typeSystem = SpertJson.readTypes(typesFile);
            gold = SpertJson.readDocuments(goldFile, typeSystem);
            predicted = SpertJson.readDocuments(predFile, typeSystem);
            predictionsFrom = predFile.toString();
        }
        Evaluation evaluation = new Evaluator(typeSystem, noOverlap).evaluate(gold, predicted);

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode report = EvaluationReport.toJson(evaluation);
            if (errors) {
                report.set("relation_errors", evaluation.relationErrors().toJson());
            }
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            out.println("gold:        " + goldFile + " (" + gold.size() + " documents)");
            out.println("predictions: " + predictionsFrom);
            out.println("overlapping entities: " + (noOverlap ? "dropped (--no-overlap)" : "kept (SpERT's default)"));
            out.println();
            out.print(EvaluationReport.toTable(evaluation));
            if (errors) {
                out.println();
                out.print(evaluation.relationErrors().toTable());
            }
        }
        out.flush();
        return 0;
    }

    /** One run of the model at the lowest threshold, then the scores at every threshold (see RelationThresholdSweep). */
    private Integer sweep(DataDirectory directory, ModelOnData options) throws Exception {
        if (options.relationThreshold != null || options.savePredictions != null || errors) {
            throw new ParameterException(spec.commandLine(),
                    "--threshold-sweep scores many thresholds: it takes neither --relation-threshold, --save-predictions nor --errors");
        }
        List<Double> thresholds;
        try {
            thresholds = RelationThresholdSweep.parse(options.thresholdSweep);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--threshold-sweep: " + e.getMessage());
        }
        Path goldFile = directory.resolve(options.data);
        double lowest = thresholds.get(0);
        List<RelationThresholdSweep.Point> points;
        try (ModelTagger tagger = ModelTagger.load(options.model, ModelTagger.DEFAULT_BATCH_SIZE,
                TaggerFlags.options(options.precision, lowest))) {
            TypeSystem typeSystem = tagger.types();
            List<Document> gold = SpertJson.readDocuments(goldFile, typeSystem);
            List<SentencePrediction> predicted = tagger.predictScored(gold);
            points = RelationThresholdSweep.sweep(new Evaluator(typeSystem, noOverlap), gold, predicted, lowest, thresholds);
        }
        RelationThresholdSweep.Point best = RelationThresholdSweep.best(points);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode report = JsonNodeFactory.instance.objectNode();
            report.put("best_threshold", best.threshold());
            ArrayNode rows = report.putArray("thresholds");
            for (RelationThresholdSweep.Point p : points) {
                ObjectNode row = EvaluationReport.toJson(p.evaluation());
                row.put("threshold", p.threshold());
                rows.add(row);
            }
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            out.println("gold:        " + goldFile);
            out.println("predictions: model " + options.model + ", one run, relations kept from each threshold on");
            out.println("overlapping entities: " + (noOverlap ? "dropped (--no-overlap)" : "kept (SpERT's default)"));
            out.println();
            out.printf(Locale.ROOT, "%9s %10s %10s %10s %10s %12s%n", "threshold", "entity f1", "rel. p", "rel. r", "rel. f1", "rel. bd. f1");
            for (RelationThresholdSweep.Point p : points) {
                Evaluation e = p.evaluation();
                out.printf(Locale.ROOT, "%9.3f %10.2f %10.2f %10.2f %10.2f %12.2f%s%n", p.threshold(), e.entities().micro().f1(),
                        e.relationsStrict().micro().precision(), e.relationsStrict().micro().recall(),
                        e.relationsStrict().micro().f1(), e.relationsBoundaries().micro().f1(), p == best ? "  best" : "");
            }
            out.println();
            out.println("micro F1 in %; rel. = relations strict, rel. bd. = relations boundaries; best = highest strict relation F1");
        }
        out.flush();
        return 0;
    }
}
