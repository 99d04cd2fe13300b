package dev.spanrel.train;

import java.io.PrintStream;
import java.util.Locale;

/** The progress line of every epoch, redrawn on a terminal, and the line that closes each epoch with its time. */
final class ProgressListener implements TrainingListener {
    private final PrintStream log;
    private final boolean terminal;
    private Progress progress;
    private long trainingStart;
    private long epochStart;

    ProgressListener(PrintStream log, boolean terminal) {
        this.log = log;
        this.terminal = terminal;
    }

    @Override
    public void onTrainingBegin(TrainingState state) {
        trainingStart = System.nanoTime();
    }

    @Override
    public void onEpochBegin(TrainingState state) {
        epochStart = System.nanoTime();
        int epochs = state.config().optimization().epochs();
        progress = new Progress(log, terminal, String.format(Locale.ROOT, "epoch %d/%d", state.epoch(), epochs),
                state.batchesInEpoch());
    }

    @Override
    public void onUpdate(TrainingState state, UpdateResult update) {
        progress.update(state.batchesDoneInEpoch(), state.sentencesInEpoch(), update.loss());
    }

    @Override
    public void onEpochEnd(TrainingState state) {
        long now = System.nanoTime();
        // The epoch's time includes what the listeners before this one did at its end (dev scores, checkpoint).
        log.println(Progress.epochDone(state.epochsDone(), state.config().optimization().epochs(), (now - epochStart) / 1e9,
                (now - trainingStart) / 1e9 / (state.epochsDone() - state.startEpoch())));
    }
}
