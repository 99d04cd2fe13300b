package dev.spanrel.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Reports an update the optimizer skipped for a non-finite loss or gradient norm: which parameters had non-finite
 * gradients and which documents the batch held, so the cause can be looked for.
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
        if (!update.applied()) {
            log.printf(Locale.ROOT, "%nupdate %d skipped: loss %s, gradient norm %s, non-finite gradients in %s, documents %s%n",
                    state.stepsDone(), update.loss(), update.gradientNorm(), optimizer.lastNonFiniteGradients(), update.documents());
        }
    }
}
