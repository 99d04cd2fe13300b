package dev.spanrel.train;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.StrictJson;
import dev.spanrel.encoder.FloatTensor;
import dev.spanrel.encoder.SafetensorsReader;
import dev.spanrel.encoder.SafetensorsWriter;
import dev.spanrel.model.SavedModel;
import dev.spanrel.model.SpanRelModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state of a run after a finished epoch: weights, AdamW moments, epoch and update counters. Written to a
 * temporary file and moved into place, so a run killed at any moment (kill -9 included) resumes from the last
 * finished epoch.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENSORS = "checkpoint.safetensors";
    private static final String STATE = "checkpoint.json";

    /**
     * @param epochsDone epochs finished; stepsDone optimizer updates made
     * @param secondsSpent wall time of every leg of this run so far (one leg per start or resume), so a resumed run
     *     reports what the whole training took
     * @param devHistory the per-epoch dev scores so far (an array; empty without a dev file)
     */
    public record State(int epochsDone, int stepsDone, String configDigest, double secondsSpent, ArrayNode devHistory) {
        public State {
            // Checkpoints written before these fields existed read as "no time, no history".
            devHistory = devHistory == null ? JSON.createArrayNode() : devHistory;
        }
    }

    private Checkpoint() {}

    public static void write(Path runDir, SpanRelModel model, AdamW optimizer, State state) {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>(SavedModel.exportTensors(model));
        optimizer.means().forEach((name, a) -> tensors.put("adam.m." + name, host(a)));
        optimizer.variances().forEach((name, a) -> tensors.put("adam.v." + name, host(a)));
        // Tensors first, state last: a state file never points at tensors that are not fully written.
        SafetensorsWriter.write(runDir.resolve(TENSORS), tensors);
        AtomicFiles.writeString(runDir.resolve(STATE), JSON.valueToTree(state).toString());
    }

    public static Optional<State> read(Path runDir) {
        Path state = runDir.resolve(STATE);
        if (!Files.isRegularFile(state) || !Files.isRegularFile(runDir.resolve(TENSORS))) {
            return Optional.empty();
        }
        JsonNode json = StrictJson.readFile(state);
        if (!json.path("epochsDone").isInt() || !json.path("stepsDone").isInt() || !json.path("configDigest").isTextual()) {
            throw new SpanrelException(state + ": not a checkpoint state: expected an object with the integers epochsDone"
                    + " and stepsDone and the string configDigest");
        }
        try {
            return Optional.of(JSON.treeToValue(json, State.class));
        } catch (IOException e) {
            throw new SpanrelException("cannot read checkpoint " + state + ": " + e.getMessage(), e);
        }
    }

    /** Restores weights and optimizer moments written by {@link #write}. */
    public static void restore(Path runDir, SpanRelModel model, AdamW optimizer) {
        Path file = runDir.resolve(TENSORS);
        Map<String, FloatTensor> tensors = SafetensorsReader.read(file);
        SavedModel.loadTensors(model, tensors, file);
        restoreMoments(tensors, "adam.m.", optimizer.means(), file);
        restoreMoments(tensors, "adam.v.", optimizer.variances(), file);
    }

    public static void delete(Path runDir) {
        AtomicFiles.deleteQuietly(runDir.resolve(STATE));
        AtomicFiles.deleteQuietly(runDir.resolve(TENSORS));
    }

    private static void restoreMoments(Map<String, FloatTensor> tensors, String prefix, Map<String, NDArray> target, Path file) {
        target.forEach((name, array) -> {
            FloatTensor t = tensors.get(prefix + name);
            if (t == null || !t.hasShape(array.getShape().getShape())) {
                throw new SpanrelException(file + ": optimizer state '" + prefix + name + "' is missing or mis-shaped");
            }
            array.set(java.nio.FloatBuffer.wrap(t.values()));
        });
    }

    private static FloatTensor host(NDArray a) {
        return new FloatTensor(a.getShape().getShape(), a.toFloatArray());
    }
}
