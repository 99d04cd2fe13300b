package dev.spanrel.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Optional;

/**
 * Where a training stands, as its loop keeps it and its listeners read it: epochs and updates done (a resumed run
 * counts those before the resume), the epoch in progress, the wall time spent, the dev scores of every epoch and the
 * label transitions forward correction uses, and the updates skipped for a non-finite gradient. The loop and the run's
 * own listeners change it; other listeners read.
 */
public final class TrainingState {
    private final TrainConfig config;
    private final int startEpoch;
    private final double earlierSeconds;
    private final long wallStartNanos;
    private final ArrayNode devHistory;
    private final ArrayNode skippedUpdates;
    private final TrainingObjective objective;
    private int epochsDone;
    private int stepsDone;
    private int batchesInEpoch;
    private int batchesDoneInEpoch;
    private int sentencesInEpoch;
    private int epoch;

    TrainingState(TrainConfig config, int epochsDone, int stepsDone, double earlierSeconds, long wallStartNanos,
            ArrayNode devHistory, ArrayNode skippedUpdates, TrainingObjective objective) {
        this.config = config;
        this.startEpoch = epochsDone;
        this.epochsDone = epochsDone;
        this.stepsDone = stepsDone;
        this.earlierSeconds = earlierSeconds;
        this.wallStartNanos = wallStartNanos;
        this.devHistory = devHistory;
        this.skippedUpdates = skippedUpdates;
        this.objective = objective;
        this.epoch = epochsDone + 1;
    }

    /**
     * The config being trained.
     *
     * @return the config being trained
     */
    public TrainConfig config() {
        return config;
    }

    /**
     * The epochs finished, counting those before a resume.
     *
     * @return the epochs finished, counting those before a resume
     */
    public int epochsDone() {
        return epochsDone;
    }

    /**
     * The epochs that were finished when this process began training (0 unless resumed).
     *
     * @return the epochs that were finished when this process began training (0 unless resumed)
     */
    public int startEpoch() {
        return startEpoch;
    }

    /**
     * The 1-based number of the epoch in progress, or of the one just finished at its end.
     *
     * @return the 1-based number of the epoch in progress, or of the one just finished at its end
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The updates done, counting those before a resume.
     *
     * @return the updates done, counting those before a resume
     */
    public int stepsDone() {
        return stepsDone;
    }

    /**
     * The number of batches of the epoch in progress.
     *
     * @return the number of batches of the epoch in progress
     */
    public int batchesInEpoch() {
        return batchesInEpoch;
    }

    /**
     * The batches of the epoch in progress done so far.
     *
     * @return the batches of the epoch in progress done so far
     */
    public int batchesDoneInEpoch() {
        return batchesDoneInEpoch;
    }

    /**
     * The sentences of the epoch in progress trained on so far.
     *
     * @return the sentences of the epoch in progress trained on so far
     */
    public int sentencesInEpoch() {
        return sentencesInEpoch;
    }

    /**
     * The wall time of the whole run so far, counting the parts before a resume.
     *
     * @return the wall time of the whole run so far, counting the parts before a resume
     */
    public double secondsSpent() {
        return earlierSeconds + (System.nanoTime() - wallStartNanos) / 1e9;
    }

    /**
     * The dev scores of every finished epoch, {@code {"epoch": n, "dev": {...}}} each (results.json's {@code dev_history}).
     *
     * @return the dev scores of every finished epoch, {@code {"epoch": n, "dev": {...}}} each (results.json's {@code dev_history})
     */
    public ArrayNode devHistory() {
        return devHistory;
    }

    /**
     * The updates skipped so far for a non-finite loss or gradient norm, counting those before a resume: one object
     * each ({@link SkippedUpdateListener} says what it holds), oldest first (results.json's {@code skipped_updates}).
     *
     * @return the skipped updates, oldest first
     */
    public ArrayNode skippedUpdates() {
        return skippedUpdates;
    }

    /**
     * The label transitions forward correction uses from now on, once estimated.
     *
     * @return the label transitions forward correction uses from now on, once estimated
     */
    public Optional<TransitionEstimate> transitions() {
        return objective.transitions();
    }

    TrainingObjective objective() {
        return objective;
    }

    void beginEpoch(int batches) {
        epoch = epochsDone + 1;
        batchesInEpoch = batches;
        batchesDoneInEpoch = 0;
        sentencesInEpoch = 0;
    }

    void updated(int sentences) {
        stepsDone++;
        batchesDoneInEpoch++;
        sentencesInEpoch += sentences;
    }

    void endEpoch() {
        epochsDone++;
    }
}
