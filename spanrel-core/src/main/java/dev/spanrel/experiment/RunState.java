package dev.spanrel.experiment;

import dev.spanrel.train.Checkpoint;
import dev.spanrel.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** How far a run directory has got, read from the files the trainer leaves in it. */
public enum RunState {
    /** {@code results.json} is there: training and the test evaluation finished. */
    DONE,
    /** An epoch checkpoint is there: training stopped midway and resumes from it. */
    PARTIAL,
    /** Nothing usable yet. */
    TODO;

    /**
     * The state of a run directory, from the files in it.
     *
     * @param runDir the run directory
     * @return done, partial or todo
     */
    public static RunState of(Path runDir) {
        if (Files.isRegularFile(runDir.resolve(TrainingResult.FILE))) {
            return DONE;
        }
        return Checkpoint.read(runDir).isPresent() ? PARTIAL : TODO;
    }

    /**
     * The state as the dry run prints it.
     *
     * @return {@code done}, {@code partial} or {@code todo}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
