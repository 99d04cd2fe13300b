package dev.spanrel.train;

import dev.spanrel.model.SpanRelModel;
import java.nio.file.Path;

/**
 * Writes the epoch checkpoint a run resumes from: the model's and optimizer's tensors, the epochs and updates done,
 * the wall time, the dev history, the label transitions and the skipped updates, under the config's identity digest.
 */
final class CheckpointListener implements TrainingListener {
    private final Path runDir;
    private final SpanRelModel model;
    private final AdamW optimizer;
    private final String configDigest;

    CheckpointListener(Path runDir, SpanRelModel model, AdamW optimizer, String configDigest) {
        this.runDir = runDir;
        this.model = model;
        this.optimizer = optimizer;
        this.configDigest = configDigest;
    }

    @Override
    public void onEpochEnd(TrainingState state) {
        Checkpoint.write(runDir, model, optimizer, new Checkpoint.State(state.epochsDone(), state.stepsDone(), configDigest,
                state.secondsSpent(), state.devHistory(), state.transitions().map(TransitionEstimate::toJson).orElse(null),
                state.skippedUpdates()));
    }
}
