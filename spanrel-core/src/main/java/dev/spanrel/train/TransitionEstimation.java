package dev.spanrel.train;

import ai.djl.ndarray.NDManager;
import dev.spanrel.model.EncodedDocument;
import dev.spanrel.model.SpanRelModel;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Forward correction's estimate of the label transitions, made at the end of the epoch the config names
 * ({@code forwardCorrectionEpoch}) from the model's confident predictions on the training positives. It is a
 * listener because it runs between epochs and the epoch's checkpoint must hold what it estimated: the run registers
 * it before the checkpoint.
 */
final class TransitionEstimation implements TrainingListener {
    private final TransitionEstimator estimator;
    private final NDManager manager;
    private final List<EncodedDocument> train;
    private final PrintStream log;

    TransitionEstimation(SpanRelModel model, int padId, int maxPositions, NDManager manager, List<EncodedDocument> train,
            PrintStream log, int evalBatchSize) {
        this.estimator = new TransitionEstimator(model, padId, maxPositions, evalBatchSize);
        this.manager = manager;
        this.train = train;
        this.log = log;
    }

    @Override
    public void onEpochEnd(TrainingState state) {
        if (!state.objective().estimatesAfter(state.epochsDone())) {
            return;
        }
        TransitionCounts counts = estimator.count(manager, train, state.config());
        TransitionEstimate estimate = counts.estimate(state.config().robustness().forwardCorrectionFloor());
        state.objective().useTransitions(estimate);
        log.printf(Locale.ROOT, "estimated label transitions after epoch %d (row: predicted type, column: observed)%n"
                + "%s  entities:%n%s  relations:%n%s", state.epochsDone(), counts.describe(),
                TransitionEstimate.format(estimate.entities()), TransitionEstimate.format(estimate.relations()));
    }
}
