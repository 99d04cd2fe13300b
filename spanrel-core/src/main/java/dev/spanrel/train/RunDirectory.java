package dev.spanrel.train;

import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A training's claim on its run directory ({@code --out}): the directory's {@link RunLock} for as long as the run
 * lasts, and the rules for what is already there.
 *
 * <ul>
 *   <li>{@link Start#FRESH} over a directory that holds a run (a config, a checkpoint, a model or results) is
 *       refused: that run would be lost, and its {@code config.json} would no longer describe its model.
 *   <li>{@link Start#RESUME} continues from the checkpoint; with no checkpoint but a finished run it is refused
 *       (there is nothing to resume, and training again silently would replace the model); with neither it starts
 *       from the beginning, which is how an experiment starts a run that never got to its first checkpoint.
 *   <li>{@link Start#OVERWRITE} over an existing run trains into {@code .overwrite/} inside the directory and
 *       replaces the old run's files only once the new run has its model and results; until then the old run is
 *       whole where it was. {@code --resume} after such a run was killed continues the replacing run.
 * </ul>
 *
 * <p>The replacement is made restartable: the old run's files are removed, then {@code .overwrite/} is renamed to
 * {@code .overwrite-moving/} and its files are moved up, results last. Whoever next claims the directory finishes
 * a replacement that was killed halfway.
 */
public final class RunDirectory implements AutoCloseable {
    /** How a training starts in its directory. */
    public enum Start {
        /** A new run; the directory must not hold one. */
        FRESH,
        /** Continue the run there from its checkpoint, or begin one where none has been made yet. */
        RESUME,
        /** A new run that replaces the one there once it has its model. */
        OVERWRITE
    }

    static final String STAGING = ".overwrite";
    static final String MOVING = ".overwrite-moving";
    private static final String RESULTS = "results.json";
    private static final String MODEL = "model";
    private static final String CONFIG = "config.json";

    private final Path dir;
    private final RunLock lock;
    private final Path trainingDir;
    private final boolean resumes;

    private RunDirectory(Path dir, RunLock lock, Path trainingDir, boolean resumes) {
        this.dir = dir;
        this.lock = lock;
        this.trainingDir = trainingDir;
        this.resumes = resumes;
    }

    /**
     * Locks {@code dir} and decides where the training writes, or refuses as the class comment says.
     *
     * @param dir the run directory (created if missing)
     * @param start how the training starts
     * @param log where a finished interrupted replacement is reported
     * @return the claim, to close when the training ends
     * @throws SpanrelException when another process holds the directory or what is there forbids this start
     */
    public static RunDirectory claim(Path dir, Start start, PrintStream log) {
        RunLock lock = RunLock.acquire(dir);
        try {
            if (finishInterruptedReplacement(dir)) {
                log.println(dir + ": finished replacing the old run with the one an interrupted --overwrite had trained");
            }
            Path staging = dir.resolve(STAGING);
            List<String> held = runFiles(dir);
            RunDirectory claim = switch (start) {
                case FRESH -> {
                    if (!held.isEmpty()) {
                        throw new SpanrelException(dir + " already holds a run (" + String.join(", ", held) + "); use --resume "
                                + "to continue it, --overwrite to replace it (the old run is kept until the new one has its "
                                + "model), or another --out");
                    }
                    deleteTree(staging);
                    yield new RunDirectory(dir, lock, dir, false);
                }
                case RESUME -> {
                    if (Files.isDirectory(staging)) {
                        log.println("resuming the --overwrite run in " + staging + " (the old run stays until it has its model)");
                        yield new RunDirectory(dir, lock, staging, true);
                    }
                    if (!hasCheckpoint(dir) && isFinished(dir)) {
                        throw new SpanrelException(dir + ": the run there has finished (" + String.join(", ", held) + ") and "
                                + "has no checkpoint to resume; nothing to do. Use --overwrite to train it again, or another --out");
                    }
                    yield new RunDirectory(dir, lock, dir, true);
                }
                case OVERWRITE -> {
                    deleteTree(staging);
                    if (held.isEmpty()) {
                        yield new RunDirectory(dir, lock, dir, false);
                    }
                    Files.createDirectories(staging);
                    yield new RunDirectory(dir, lock, staging, false);
                }
            };
            return claim;
        } catch (IOException e) {
            lock.close();
            throw new SpanrelException("cannot prepare the run directory " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Where the training writes its checkpoints, config, model and results: the run directory, or {@code .overwrite/}
     * in it while a run is being replaced.
     *
     * @return the directory to train into
     */
    public Path trainingDir() {
        return trainingDir;
    }

    /**
     * Whether the training continues from a checkpoint in {@link #trainingDir()} if there is one.
     *
     * @return true for a resumed run
     */
    public boolean resumes() {
        return resumes;
    }

    /**
     * Called once the training has written its model and results: a replacing run takes the old run's place.
     */
    public void finish() {
        if (trainingDir.equals(dir)) {
            return;
        }
        Checkpoint.delete(trainingDir);
        try {
            replace(dir);
        } catch (IOException e) {
            throw new SpanrelException("cannot move the new run from " + trainingDir + " into " + dir + ": " + e.getMessage()
                    + "; the next training into " + dir + " finishes the move", e);
        }
    }

    /** Releases the lock; a replacing run that failed before its first checkpoint leaves nothing behind. */
    @Override
    public void close() {
        try {
            if (!trainingDir.equals(dir) && Files.isDirectory(trainingDir) && !hasCheckpoint(trainingDir)
                    && !Files.exists(trainingDir.resolve(RESULTS))) {
                deleteTree(trainingDir);
            }
        } catch (IOException | RuntimeException ignored) {
            // A leftover .overwrite/ is cleared by the next --overwrite; releasing the lock matters more.
        } finally {
            lock.close();
        }
    }

    /** The files of a run that {@code dir} holds, as they are named to the user; empty when it holds none. */
    static List<String> runFiles(Path dir) {
        List<String> held = new ArrayList<>();
        for (String name : List.of(CONFIG, Checkpoint.MANIFEST, Checkpoint.LEGACY_TENSORS, RESULTS)) {
            if (Files.exists(dir.resolve(name))) {
                held.add(name);
            }
        }
        if (held.stream().noneMatch(n -> n.startsWith("checkpoint")) && !tensorFiles(dir).isEmpty()) {
            held.add(tensorFiles(dir).get(0));
        }
        if (Files.exists(dir.resolve(MODEL))) {
            held.add(MODEL + "/");
        }
        return held;
    }

    private static boolean hasCheckpoint(Path dir) {
        return Files.exists(dir.resolve(Checkpoint.MANIFEST));
    }

    private static boolean isFinished(Path dir) {
        return Files.exists(dir.resolve(RESULTS)) || Files.exists(dir.resolve(MODEL));
    }

    private static List<String> tensorFiles(Path dir) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "checkpoint-epoch-*.safetensors")) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        } catch (IOException e) {
            throw new SpanrelException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /**
     * Finishes a replacement that a kill interrupted: a complete {@code .overwrite/} (it has its results) or a
     * {@code .overwrite-moving/}. Returns whether there was one.
     */
    private static boolean finishInterruptedReplacement(Path dir) throws IOException {
        boolean staged = Files.isRegularFile(dir.resolve(STAGING).resolve(RESULTS));
        if (!staged && !Files.isDirectory(dir.resolve(MOVING))) {
            return false;
        }
        Checkpoint.delete(dir.resolve(STAGING));
        replace(dir);
        return true;
    }

    /**
     * Replaces the old run in {@code dir} by the finished one in {@code .overwrite/}; each step can be repeated after
     * a kill: while {@code .overwrite/} exists the old files are (still) removed, once it is renamed only moves remain.
     */
    private static void replace(Path dir) throws IOException {
        Path staging = dir.resolve(STAGING);
        Path moving = dir.resolve(MOVING);
        if (Files.isDirectory(staging)) {
            removeOldRun(dir);
            deleteTree(moving);
            Files.move(staging, moving);
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> list = Files.list(moving)) {
            list.forEach(entries::add);
        }
        // Results last: a directory with results.json is a finished run to everyone who looks (RunState, experiments).
        entries.sort(Comparator.comparing((Path p) -> p.getFileName().toString().equals(RESULTS)));
        for (Path entry : entries) {
            Path target = dir.resolve(entry.getFileName().toString());
            deleteTree(target);
            AtomicFiles.moveIntoPlace(entry, target);
        }
        deleteTree(moving);
    }

    /** The files a run leaves in its directory; anything else the user keeps there stays. */
    private static void removeOldRun(Path dir) throws IOException {
        AtomicFiles.deleteQuietly(dir.resolve(RESULTS));
        Checkpoint.delete(dir);
        deleteTree(dir.resolve(MODEL));
        deleteTree(dir.resolve("." + MODEL + ".partial"));
        deleteTree(dir.resolve("." + MODEL + ".old"));
        Files.deleteIfExists(dir.resolve(CONFIG));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
