package dev.spanrel.data;

import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the data sets live, so commands accept short paths such as {@code conll04/conll04_test.json}. The folder
 * is, in order: the {@code --data-dir} flag, the environment variable {@code SPANREL_DATA}, or
 * {@code ../shared/data} relative to the working directory when that exists. A path that is absolute or exists
 * as given is used as is.
 */
public final class DataDirectory {
    /** The environment variable that names the data folder when no {@code --data-dir} is given. */
    public static final String ENVIRONMENT_VARIABLE = "SPANREL_DATA";
    static final Path DEFAULT_RELATIVE = Path.of("..", "shared", "data");

    private final Optional<Path> root;
    private final Path workingDirectory;
    /** How the root was found (or every place tried), for error messages. */
    private final String origin;

    private DataDirectory(Optional<Path> root, Path workingDirectory, String origin) {
        this.root = root;
        this.workingDirectory = workingDirectory;
        this.origin = origin;
    }

    /**
     * Locates the folder from the flag, the process environment and the working directory.
     *
     * @param dataDirFlag the {@code --data-dir} value, if given
     * @return the data folder found, or none (paths then resolve as given)
     */
    public static DataDirectory locate(Optional<Path> dataDirFlag) {
        return locate(dataDirFlag, System.getenv(), Path.of("").toAbsolutePath());
    }

    /**
     * Locates the folder from the flag, else the environment variable {@value #ENVIRONMENT_VARIABLE}, else
     * {@code ../shared/data} beside the working directory; fails when the flag or the variable names no folder.
     *
     * @param dataDirFlag the {@code --data-dir} value, if given
     * @param environment the process environment to read {@value #ENVIRONMENT_VARIABLE} from
     * @param workingDirectory the directory relative paths start from
     * @return the data folder found, or none
     */
    public static DataDirectory locate(Optional<Path> dataDirFlag, Map<String, String> environment, Path workingDirectory) {
        if (dataDirFlag.isPresent()) {
            Path dir = workingDirectory.resolve(dataDirFlag.get()).normalize();
            if (!Files.isDirectory(dir)) {
                throw new SpanrelException("--data-dir " + dataDirFlag.get() + " is not a folder (looked at " + dir + ")");
            }
            return new DataDirectory(Optional.of(dir), workingDirectory, "--data-dir " + dir);
        }
        String fromEnvironment = environment.getOrDefault(ENVIRONMENT_VARIABLE, "");
        if (!fromEnvironment.isBlank()) {
            Path dir = workingDirectory.resolve(fromEnvironment).normalize();
            if (!Files.isDirectory(dir)) {
                throw new SpanrelException(ENVIRONMENT_VARIABLE + "=" + fromEnvironment + " is not a folder (looked at " + dir + ")");
            }
            return new DataDirectory(Optional.of(dir), workingDirectory, ENVIRONMENT_VARIABLE + "=" + dir);
        }
        Path fallback = workingDirectory.resolve(DEFAULT_RELATIVE).normalize();
        if (Files.isDirectory(fallback)) {
            return new DataDirectory(Optional.of(fallback), workingDirectory, "the default " + fallback);
        }
        return new DataDirectory(Optional.empty(), workingDirectory,
                "no data folder: no --data-dir, " + ENVIRONMENT_VARIABLE + " is not set, and " + fallback + " does not exist");
    }

    /**
     * The data folder, when one was found.
     *
     * @return the folder, or empty when none was found
     */
    public Optional<Path> root() {
        return root;
    }

    /**
     * The file or folder a user meant: as given when absolute or existing, else under the data folder. Fails
     * with a message that names every place it looked.
     *
     * @param path a path as a user wrote it, absolute or relative
     * @return the existing file or folder it names
     */
    public Path resolve(String path) {
        Path given = Path.of(path);
        if (given.isAbsolute()) {
            if (!Files.exists(given)) {
                throw new SpanrelException(path + " does not exist");
            }
            return given;
        }
        Path asGiven = workingDirectory.resolve(given).normalize();
        if (Files.exists(asGiven)) {
            return asGiven;
        }
        List<String> looked = new ArrayList<>();
        looked.add(asGiven.toString());
        if (root.isPresent()) {
            Path underRoot = root.get().resolve(given).normalize();
            if (Files.exists(underRoot)) {
                return underRoot;
            }
            looked.add(underRoot + " (data folder from " + origin + ")");
        } else {
            looked.add(origin);
        }
        throw new SpanrelException(path + " not found; looked at " + String.join(" and ", looked));
    }

    /**
     * The {@code *_types.json} file in a folder, which SpERT keeps next to the data files. Fails when there is
     * none or more than one, since then the choice is the user's.
     *
     * @param folder the folder to look in
     * @return the one types file in it
     */
    public static Path typesFileIn(Path folder) {
        List<Path> candidates;
        try (Stream<Path> files = Files.list(folder)) {
            candidates = files.filter(f -> f.getFileName().toString().endsWith("_types.json")).sorted().toList();
        } catch (IOException e) {
            throw new SpanrelException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        if (candidates.size() != 1) {
            throw new SpanrelException((candidates.isEmpty() ? "no *_types.json" : "several *_types.json " + candidates)
                    + " in " + folder + "; name the types file with --types");
        }
        return candidates.get(0);
    }
}
