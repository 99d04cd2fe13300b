package dev.spanrel.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.data.Document;
import dev.spanrel.eval.Evaluation;
import dev.spanrel.eval.EvaluationReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Scores the dev set after every epoch into the run's dev history (results.json, checkpoints) and the log. */
final class DevEvaluationListener implements TrainingListener {
    private final DocumentScorer scorer;
    private final List<Document> dev;
    private final PrintStream log;

    DevEvaluationListener(DocumentScorer scorer, List<Document> dev, PrintStream log) {
        this.scorer = scorer;
        this.dev = dev;
        this.log = log;
    }

    @Override
    public void onEpochEnd(TrainingState state) {
        Evaluation evaluation = scorer.score(dev);
        ObjectNode entry = state.devHistory().addObject();
        entry.put("epoch", state.epochsDone());
        entry.set("dev", EvaluationReport.toJson(evaluation));
        log.printf(Locale.ROOT, "epoch %d dev: entities F1 %.2f, relations strict F1 %.2f, boundaries F1 %.2f (micro)%n",
                state.epochsDone(), evaluation.entities().micro().f1(), evaluation.relationsStrict().micro().f1(),
                evaluation.relationsBoundaries().micro().f1());
    }
}
