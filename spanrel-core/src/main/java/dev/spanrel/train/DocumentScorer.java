package dev.spanrel.train;

import ai.djl.ndarray.NDManager;
import dev.spanrel.data.Document;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.eval.Evaluation;
import dev.spanrel.eval.Evaluator;
import dev.spanrel.infer.BatchPredictor;
import dev.spanrel.model.SpanRelModel;
import dev.spanrel.text.WordPieceTokenizer;
import java.util.List;

/**
 * Predicts documents with the model being trained (in length-sorted batches of {@code evalBatchSize}) and scores the
 * predictions with SpERT's protocol: the dev scores after each epoch and the test scores at the end.
 */
record DocumentScorer(NDManager manager, SpanRelModel model, TypeSystem types, WordPieceTokenizer tokenizer,
        int maxPositions, TrainConfig config) {
    Evaluation score(List<Document> gold) {
        List<Document> predicted = new BatchPredictor(model, types, tokenizer, maxPositions, config.evaluation().evalBatchSize())
                .predictDocuments(manager, gold);
        return new Evaluator(types, config.evaluation().evalDropOverlapping()).evaluate(gold, predicted);
    }
}
