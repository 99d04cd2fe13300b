package dev.spanrel.artifact;

import dev.spanrel.FileDigests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What a model jar says about the model it holds ({@code spanrel-model-artifact.json} in the coordinates' folder):
 * its coordinates, the spanrel version that packaged it, and every file with size and SHA-256. The class path
 * cannot list a folder of a jar, so the descriptor is also the table of contents extraction works from.
 *
 * @param coordinates the coordinates with their version
 * @param spanrelVersion the spanrel version that wrote the jar
 * @param files the model directory's files, sorted by path
 */
public record ModelDescriptor(ModelCoordinates coordinates, String spanrelVersion, List<ModelFile> files) {
    /** The {@code format} value of a descriptor. */
    public static final String FORMAT = "spanrel-model-artifact/1";
    /** The descriptor's name inside {@link ModelCoordinates#resourceRoot()}. */
    public static final String FILE_NAME = "spanrel-model-artifact.json";
    /** The folder inside {@link ModelCoordinates#resourceRoot()} that holds the model directory's files. */
    public static final String MODEL_FOLDER = "model/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Sorts the files and requires a version.
     *
     * @param coordinates the coordinates with their version
     * @param spanrelVersion the spanrel version that wrote the jar
     * @param files the model's files
     */
    public ModelDescriptor {
        coordinates.requireVersion();
        files = files.stream().sorted(Comparator.comparing(ModelFile::path)).toList();
    }

    /**
     * One SHA-256 over every file's path, size and digest: equal for equal model contents, whatever the jar's
     * timestamps, so the cache keeps one extracted copy per content.
     *
     * @return lower-case hex
     */
    public String digest() {
        MessageDigest sha = FileDigests.newSha256();
        for (ModelFile file : files) {
            sha.update((file.path() + "\t" + file.size() + "\t" + file.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The descriptor as JSON.
     *
     * @return the descriptor's text
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("group", coordinates.group());
        root.put("artifact", coordinates.artifact());
        root.put("version", coordinates.requireVersion());
        root.put("spanrel_version", spanrelVersion);
        root.put("digest", digest());
        ArrayNode list = root.putArray("files");
        for (ModelFile file : files) {
            list.addObject().put("path", file.path()).put("size", file.size()).put("sha256", file.sha256());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a descriptor; {@code where} (the jar's URL) names it in errors.
     *
     * @param in the descriptor's bytes
     * @param where where it comes from
     * @return the descriptor
     */
    public static ModelDescriptor read(InputStream in, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new SpanrelException(where + ": not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SpanrelException(where + ": expected a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new SpanrelException(where + ": field 'format' is '" + root.path("format").asText() + "', expected " + FORMAT);
        }
        try {
            ModelCoordinates coordinates = new ModelCoordinates(text(root, "group", where), text(root, "artifact", where),
                    Optional.of(text(root, "version", where)));
            JsonNode list = root.get("files");
            if (list == null || !list.isArray() || list.isEmpty()) {
                throw new SpanrelException(where + ": field 'files' must be a non-empty array");
            }
            List<ModelFile> files = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode f = list.get(i);
                String at = where + ": files[" + i + "]";
                if (!f.path("size").canConvertToLong()) {
                    throw new SpanrelException(at + ": field 'size' must be a whole number");
                }
                files.add(new ModelFile(text(f, "path", at), f.get("size").asLong(), text(f, "sha256", at)));
            }
            ModelDescriptor descriptor = new ModelDescriptor(coordinates, text(root, "spanrel_version", where), files);
            String digest = text(root, "digest", where);
            if (!digest.equals(descriptor.digest())) {
                throw new SpanrelException(where + ": field 'digest' " + digest + " does not match its files (" + descriptor.digest() + ")");
            }
            return descriptor;
        } catch (SpanrelException e) {
            throw e.getMessage().startsWith(where) ? e : new SpanrelException(where + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new SpanrelException(where + ": field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }
}
