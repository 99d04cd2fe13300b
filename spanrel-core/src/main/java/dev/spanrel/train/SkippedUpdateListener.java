package dev.spanrel.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Reports an update the optimizer skipped for a non-finite loss or gradient norm: which parameters had non-finite
 * gradients and which documents the batch held, so the cause can be looked for. The log line names every such
 * parameter; the run's {@link TrainingState#skippedUpdates} (checkpointed, and results.json's
 * {@code skipped_updates}) keeps per skip the update's number and epoch, the loss, the norm, how many parameters
 * were not finite, the last of them in the model's parameter order (where the backward pass, which runs the other
 * way, first met the non-finite value) and the documents, so a finished run still says how many updates it lost.
 */
final class SkippedUpdateListener implements TrainingListener {
    private final PrintStream log;
    private final AdamW optimizer;

    SkippedUpdateListener(PrintStream log, AdamW optimizer) {
        this.log = log;
        this.optimizer = optimizer;
    }

    @Override
    public void onUpdate(TrainingState state, UpdateResult update) {
        if (update.applied()) {
            return;
        }
        List<String> nonFinite = optimizer.lastNonFiniteGradients();
        List<String> documents = update.documents();
        log.printf(Locale.ROOT, "%nupdate %d skipped: loss %s, gradient norm %s, non-finite gradients in %s, documents %s%n",
                state.stepsDone(), update.loss(), update.gradientNorm(), nonFinite, documents);
        ObjectNode entry = state.skippedUpdates().addObject();
        entry.put("update", state.stepsDone());
        entry.put("epoch", state.epoch());
        // As text: JSON has no NaN or infinity.
        entry.put("loss", Float.toString(update.loss()));
        entry.put("gradient_norm", Float.toString(update.gradientNorm()));
        entry.put("non_finite_parameters", nonFinite.size());
        if (!nonFinite.isEmpty()) {
            entry.put("last_non_finite_parameter", nonFinite.get(nonFinite.size() - 1));
        }
        documents.forEach(entry.putArray("documents")::add);
    }
}
