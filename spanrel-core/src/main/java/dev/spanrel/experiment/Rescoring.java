package dev.spanrel.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.FileDigests;
import dev.spanrel.SpanrelException;
import dev.spanrel.SpanrelVersion;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.eval.Evaluation;
import dev.spanrel.eval.EvaluationReport;
import dev.spanrel.eval.Evaluator;
import dev.spanrel.infer.ModelTagger;
import dev.spanrel.infer.TaggerOptions;
import dev.spanrel.train.Provenance;
import dev.spanrel.train.TrainConfig;
import dev.spanrel.train.TrainingResult;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Scores a finished run's trained model again, under a config that differs from its training config only after
 * training ({@link TrainConfig#AFTER_TRAINING_KEYS}): a relation threshold chosen on dev, say. Writes a
 * {@code results.json} shaped like the trainer's, so the summary and the report treat the run like any other; its
 * provenance is the training's, with what was scored again and by which code added.
 */
final class Rescoring {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Rescoring() {}

    /** The first setting that would change the trained model, as in {@link TrainingResult#configDifference}; else empty. */
    static Optional<String> trainingDifference(TrainingResult trained, TrainConfig config) {
        return trained.configDifference(config, TrainConfig.AFTER_TRAINING_KEYS);
    }

    /**
     * Scores {@code trainedRunDir}'s model on the config's test file and writes {@code runDir/results.json}.
     *
     * @throws SpanrelException when the trained run is not finished, has no model, or was trained differently
     */
    static TrainingResult score(Path trainedRunDir, TrainConfig config, DataDirectory data, Path runDir) {
        long start = System.nanoTime();
        TrainingResult trained = ExperimentSummary.scoredRun(trainedRunDir)
                .orElseThrow(() -> new SpanrelException(trainedRunDir + ": not finished, nothing to score"));
        trainingDifference(trained, config).ifPresent(d -> {
            throw new SpanrelException(trainedRunDir.resolve(TrainingResult.FILE) + ": trained with another config than this one, beyond "
                    + "what acts after training (" + d + ")");
        });
        if (config.data().test().isEmpty()) {
            throw new SpanrelException("the config names no 'test' file to score on");
        }
        Path testFile = data.resolve(config.data().test());
        TaggerOptions options = new TaggerOptions(config.optimization().precision())
                .withRelationThreshold(config.model().relationThreshold());
        Evaluation evaluation;
        try (ModelTagger tagger = ModelTagger.load(trainedRunDir.resolve("model"), config.evaluation().evalBatchSize(), options)) {
            List<Document> gold = config.limited(SpertJson.readDocuments(testFile, tagger.types()));
            evaluation = new Evaluator(tagger.types(), config.evaluation().evalDropOverlapping())
                    .evaluate(gold, tagger.predictDocuments(gold));
        }
        ObjectNode provenance = trained.provenance().isObject() ? ((ObjectNode) trained.provenance()).deepCopy()
                : JSON.createObjectNode();
        ObjectNode rescored = provenance.putObject("rescored");
        rescored.put("trained_run", trainedRunDir.toString());
        rescored.put("test_sha256", FileDigests.sha256(testFile));
        rescored.put("code_version", Provenance.codeVersion());
        rescored.put("spanrel_version", SpanrelVersion.version());
        rescored.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        rescored.put("seconds", (System.nanoTime() - start) / 1e9);
        // The time that made the model: what a reader comparing runs wants; the scoring's own is in provenance.
        TrainingResult results = new TrainingResult(null, EvaluationReport.toJson(evaluation),
                evaluation.relationErrors().toJson(), config.toJson(), provenance, null, null, trained.skippedUpdates(),
                trained.wallSeconds());
        results.write(runDir);
        return results;
    }
}
