package dev.spanrel.train;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.AtomicFiles;
import dev.spanrel.FileDigests;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.StrictJson;
import dev.spanrel.encoder.SafetensorsReader;
import dev.spanrel.encoder.SafetensorsWriter;
import dev.spanrel.model.SavedModel;
import dev.spanrel.model.SpanRelModel;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The state of a run after a finished epoch: weights, AdamW moments, epoch and update counters, as one unit.
 *
 * <p>The tensors go into a file named after the epoch ({@code checkpoint-epoch-0007.safetensors}); then the manifest
 * {@code checkpoint.json} is written last (temp file, fsync, move), naming that file with its size and SHA-256;
 * only then are older tensor files removed. A run killed between any two of those writes (kill -9 included) leaves
 * a manifest that names a complete tensor file of the same epoch, so {@code --resume} continues from a consistent
 * state, and {@link #restore} checks the digest before it loads anything. Temp files a killed write left behind
 * are removed by the next write.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MANIFEST = "checkpoint.json";
    /** The single tensor file of checkpoints written before the manifest named its tensors. */
    static final String LEGACY_TENSORS = "checkpoint.safetensors";
    private static final Pattern TENSOR_FILE = Pattern.compile("checkpoint-epoch-\\d+\\.safetensors");
    /** The temp siblings {@link AtomicFiles} writes ({@code .<name>*.tmp}), of any checkpoint file. */
    private static final Pattern TEMP_FILE = Pattern.compile("\\.checkpoint.*\\.tmp");

    /**
     * The counters and history of a run at its last finished epoch, as the manifest holds them.
     *
     * @param epochsDone epochs finished
     * @param stepsDone optimizer updates made
     * @param configDigest the hash of the config's {@link TrainConfig#identityJson}: a run resumes only under the
     *     config it was started with
     * @param secondsSpent wall time of every leg of this run so far (one leg per start or resume), so a resumed run
     *     reports what the whole training took
     * @param devHistory the per-epoch dev scores so far (an array; empty without a dev file)
     * @param transitions the noise transitions estimated for forward correction ({@link TransitionEstimate#toJson}),
     *     or null before they are estimated or without forward correction (and then not written)
     * @param skippedUpdates the updates skipped so far for a non-finite gradient ({@link TrainingState#skippedUpdates})
     */
    public record State(int epochsDone, int stepsDone, String configDigest, double secondsSpent, ArrayNode devHistory,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode transitions, ArrayNode skippedUpdates) {
        /**
         * A state; a missing dev history reads as an empty one.
         *
         * @param epochsDone epochs finished
         * @param stepsDone optimizer updates made
         * @param configDigest the hash of the config's {@link TrainConfig#identityJson}
         * @param secondsSpent wall time of every leg of this run so far
         * @param devHistory the per-epoch dev scores so far, or null for none
         * @param transitions the estimated noise transitions, or null
         * @param skippedUpdates the updates skipped so far, or null for none
         */
        public State {
            // Checkpoints written before these fields existed read as "no time, no history, no skipped update".
            devHistory = devHistory == null ? JSON.createArrayNode() : devHistory;
            skippedUpdates = skippedUpdates == null ? JSON.createArrayNode() : skippedUpdates;
        }
    }

    /** What the manifest says of the tensor file: its name, and its size and digest when it was written. */
    record Tensors(String file, long bytes, String sha256) {}

    /** For tests: told before each file operation of {@link #write}, so a kill can be simulated at each. */
    interface WriteHook {
        void before(String operation);
    }

    private static WriteHook hook = operation -> {};

    static void setWriteHookForTests(WriteHook writeHook) {
        hook = writeHook == null ? operation -> {} : writeHook;
    }

    private Checkpoint() {}

    /**
     * Writes a checkpoint of the model and the optimizer after an epoch, in the order the class comment gives, so
     * that a kill at any point leaves the previous checkpoint or this one, whole.
     *
     * @param runDir the run directory
     * @param model the model whose weights are saved
     * @param optimizer the optimizer whose moments are saved
     * @param state the counters and history written to the manifest
     */
    public static void write(Path runDir, SpanRelModel model, AdamW optimizer, State state) {
        // Written from the tensors' own memory: a heap copy of weights and moments (1.3 GB for BERT-base) at every
        // epoch made G1 grow the heap to over 4 GB and keep it.
        Map<String, NDArray> tensors = tensors(model, optimizer);
        removeTempFiles(runDir);
        String name = String.format(Locale.ROOT, "checkpoint-epoch-%04d.safetensors", state.epochsDone());
        Path file = runDir.resolve(name);
        hook.before("write " + name);
        SafetensorsWriter.writeNative(file, tensors, Map.of("format", "pt",
                "epochsDone", Integer.toString(state.epochsDone()), "stepsDone", Integer.toString(state.stepsDone())));
        ObjectNode manifest = JSON.valueToTree(state);
        Tensors written = new Tensors(name, size(file), FileDigests.sha256(file));
        manifest.set("tensors", JSON.valueToTree(written));
        hook.before("write " + MANIFEST);
        AtomicFiles.writeString(runDir.resolve(MANIFEST), manifest.toString());
        hook.before("remove older tensors");
        removeTensorsOtherThan(runDir, name);
    }

    /**
     * The state of the run's checkpoint, if it has one. Cheap (the manifest and a file size; the digest is checked
     * by {@link #restore}); a damaged or inconsistent checkpoint is an error that says what is wrong.
     *
     * @param runDir the run directory
     * @return the checkpoint's state, or empty when the directory holds no manifest
     * @throws SpanrelException naming the manifest when it or its tensor file is damaged or inconsistent
     */
    public static Optional<State> read(Path runDir) {
        Path manifestFile = runDir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.empty();
        }
        JsonNode manifest = parse(manifestFile);
        tensorFile(runDir, manifestFile, manifest);
        try {
            ObjectNode fields = ((ObjectNode) manifest).deepCopy();
            fields.remove("tensors");
            return Optional.of(JSON.treeToValue(fields, State.class));
        } catch (IOException | IllegalArgumentException e) {
            throw damaged(manifestFile, "its fields cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Restores weights and optimizer moments written by {@link #write}, after checking the tensors' digest.
     *
     * @param runDir the run directory
     * @param model the model to load the weights into, of the checkpoint's shape
     * @param optimizer the optimizer over {@code model}'s parameters to load the moments into
     * @throws SpanrelException naming the file when the digest differs or a tensor is missing or misshapen
     */
    public static void restore(Path runDir, SpanRelModel model, AdamW optimizer) {
        Path manifestFile = runDir.resolve(MANIFEST);
        JsonNode manifest = parse(manifestFile);
        Path file = tensorFile(runDir, manifestFile, manifest);
        JsonNode tensorsEntry = manifest.get("tensors");
        if (tensorsEntry != null) {
            String expected = tensorsEntry.path("sha256").asText();
            String actual = FileDigests.sha256(file);
            if (!expected.equals(actual)) {
                throw damaged(manifestFile, file.getFileName() + " has SHA-256 " + actual + " but the manifest wrote "
                        + expected + " (the file changed or is corrupt)");
            }
        }
        // One tensor at a time through the heap, not the 1.3 GB of all of them.
        SafetensorsReader.readInto(file, tensors(model, optimizer), Checkpoint::describe);
    }

    /** What a checkpoint holds, live: the model's weights, then AdamW's two moments under {@code adam.m.}/{@code adam.v.}. */
    private static Map<String, NDArray> tensors(SpanRelModel model, AdamW optimizer) {
        Map<String, NDArray> tensors = SavedModel.namedArrays(model);
        optimizer.means().forEach((name, a) -> tensors.put("adam.m." + name, a));
        optimizer.variances().forEach((name, a) -> tensors.put("adam.v." + name, a));
        return tensors;
    }

    /** How an error names a checkpoint entry: as the loaders of models and of optimizer state always have. */
    private static String describe(String name) {
        return name.startsWith("adam.") ? "optimizer state '" + name + "'" : "tensor '" + name + "'";
    }

    /**
     * Removes the checkpoint (manifest first, so what is left is never taken for a checkpoint) and its temp files.
     *
     * @param runDir the run directory
     */
    public static void delete(Path runDir) {
        AtomicFiles.deleteQuietly(runDir.resolve(MANIFEST));
        removeTensorsOtherThan(runDir, null);
        removeTempFiles(runDir);
    }

    private static JsonNode parse(Path manifestFile) {
        JsonNode manifest = StrictJson.readFile(manifestFile);
        if (!manifest.path("epochsDone").isInt() || !manifest.path("stepsDone").isInt()
                || !manifest.path("configDigest").isTextual()) {
            throw new SpanrelException(manifestFile + ": not a checkpoint state: expected an object with the integers"
                    + " epochsDone and stepsDone and the string configDigest");
        }
        return manifest;
    }

    /**
     * The tensor file the manifest names, checked for presence and size; for a checkpoint from before the manifest
     * named its tensors, the one {@code checkpoint.safetensors}, accepted only when the manifest is not older than it:
     * the old write order moved the tensors first and the manifest second, so tensors newer than the manifest are
     * those of a later epoch whose manifest never got written, a mixed state that must not be resumed.
     */
    private static Path tensorFile(Path runDir, Path manifestFile, JsonNode manifest) {
        JsonNode entry = manifest.get("tensors");
        if (entry == null) {
            Path legacy = runDir.resolve(LEGACY_TENSORS);
            if (!Files.isRegularFile(legacy)) {
                throw damaged(manifestFile, "its tensors " + legacy.getFileName() + " are missing");
            }
            try {
                if (Files.getLastModifiedTime(legacy).compareTo(Files.getLastModifiedTime(manifestFile)) > 0) {
                    throw damaged(manifestFile, legacy.getFileName() + " was written after it, so the two may belong to "
                            + "different epochs (a write interrupted between them)");
                }
            } catch (IOException e) {
                throw damaged(manifestFile, "cannot compare its time with " + legacy + " (" + e.getMessage() + ")");
            }
            return legacy;
        }
        String name = entry.path("file").asText("");
        if (!TENSOR_FILE.matcher(name).matches()) {
            throw damaged(manifestFile, "it names no valid tensor file ('" + name + "')");
        }
        Path file = runDir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw damaged(manifestFile, "the tensor file it names, " + name + ", is missing");
        }
        long expected = entry.path("bytes").asLong(-1);
        long actual = size(file);
        if (expected != actual) {
            throw damaged(manifestFile, name + " has " + actual + " bytes, the manifest wrote " + expected);
        }
        return file;
    }

    private static SpanrelException damaged(Path manifestFile, String why) {
        return new SpanrelException("the checkpoint " + manifestFile + " cannot be resumed: " + why
                + "; train again without --resume into a new --out (or delete the checkpoint files)");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new SpanrelException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every tensor file but {@code keep} (null: all), the legacy one included. */
    private static void removeTensorsOtherThan(Path runDir, String keep) {
        forEachFile(runDir, name -> (TENSOR_FILE.matcher(name).matches() || name.equals(LEGACY_TENSORS)) && !name.equals(keep));
    }

    private static void removeTempFiles(Path runDir) {
        forEachFile(runDir, name -> TEMP_FILE.matcher(name).matches());
    }

    private static void forEachFile(Path runDir, java.util.function.Predicate<String> remove) {
        if (!Files.isDirectory(runDir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDir)) {
            for (Path f : files) {
                if (remove.test(f.getFileName().toString())) {
                    AtomicFiles.deleteQuietly(f);
                }
            }
        } catch (IOException e) {
            throw new SpanrelException("cannot list " + runDir + ": " + e.getMessage(), e);
        }
    }
}
