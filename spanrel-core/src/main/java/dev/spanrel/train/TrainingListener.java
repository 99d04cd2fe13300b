package dev.spanrel.train;

import java.util.function.IntConsumer;

/**
 * Told of a training's course by its loop (the {@code Trainer} of a {@link TrainingRun}), as DJL's training
 * listeners are. Everything a run does besides updating the model is one: the progress lines, the dev scores, the
 * label-transition estimate of forward correction, the epoch checkpoint and the report of a skipped update. The loop
 * calls them in the order the run registered them, so an epoch's checkpoint holds the dev scores and the estimate of
 * that epoch.
 */
public interface TrainingListener {
    /**
     * Before the first update of a run, or of the part of it that a resume trains.
     *
     * @param state where the training stands: {@link TrainingState#epochsDone()} epochs are behind it
     */
    default void onTrainingBegin(TrainingState state) {}

    /**
     * Before an epoch's first update, its batches drawn.
     *
     * @param state the epoch and its number of batches
     */
    default void onEpochBegin(TrainingState state) {}

    /**
     * After every update, whether applied or skipped for a non-finite gradient.
     *
     * @param state where the training stands, the update counted
     * @param update what the update measured
     */
    default void onUpdate(TrainingState state, UpdateResult update) {}

    /**
     * After an epoch's last update; {@link TrainingState#epochsDone()} counts the epoch.
     *
     * @param state where the training stands
     */
    default void onEpochEnd(TrainingState state) {}

    /**
     * After the last epoch, before the test set is scored and the model written.
     *
     * @param state where the training stands
     */
    default void onTrainingEnd(TrainingState state) {}

    /**
     * A listener told only of finished epochs, the checkpoint of each already on disk when registered after the
     * run's own listeners (what {@link TrainingRun} does with the one it is given).
     *
     * @param epochsDone called with the number of epochs finished, counting those of a resumed run
     * @return the listener
     */
    static TrainingListener afterEpoch(IntConsumer epochsDone) {
        return new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingState state) {
                epochsDone.accept(state.epochsDone());
            }
        };
    }
}
