package dev.spanrel.experiment;

import java.nio.file.Path;

/**
 * Where an experiment plan reads and writes.
 *
 * @param root the repository root: plan config paths are relative to it, and summaries show paths relative to it
 * @param runs run directories go under it, {@code <runs>/<experiment>[-quick]/[fold-F/]seed-S/}
 * @param results summaries go under it, {@code <results>/<experiment>[-quick].json}
 */
public record ExperimentDirectories(Path root, Path runs, Path results) {
    /**
     * The command line's layout: everything relative to the working directory.
     *
     * @param runs the folder of the run directories
     * @param results the folder of the summaries
     * @return the layout
     */
    public static ExperimentDirectories workingDirectory(Path runs, Path results) {
        return new ExperimentDirectories(Path.of("").toAbsolutePath(), runs, results);
    }
}
