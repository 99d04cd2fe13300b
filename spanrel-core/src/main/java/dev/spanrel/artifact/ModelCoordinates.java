package dev.spanrel.artifact;

import dev.spanrel.SpanrelException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Maven coordinates a model is published under, {@code group:artifact[:version]}. A model jar keeps its files
 * under {@link #resourceRoot()}, so that the jar found on a class path for {@code group:artifact} is the one
 * published under those coordinates, whatever its file is called.
 *
 * @param group the Maven groupId, e.g. {@code com.example.models}
 * @param artifact the Maven artifactId, e.g. {@code conll04-model}
 * @param version the version, absent when a model is looked up on the class path (one version is there)
 */
public record ModelCoordinates(String group, String artifact, Optional<String> version) {
    /** What Maven accepts in a groupId or artifactId; nothing that could leave a resource path. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");
    private static final String MODELS = "META-INF/spanrel/models/";

    /**
     * Checks the parts.
     *
     * @param group the groupId
     * @param artifact the artifactId
     * @param version the version, if any
     */
    public ModelCoordinates {
        require(ID, group, "group");
        require(ID, artifact, "artifact");
        version.ifPresent(v -> require(VERSION, v, "version"));
        if (group.contains("..") || artifact.contains("..")) {
            throw new SpanrelException("model coordinates " + group + ":" + artifact + ": '..' is not allowed");
        }
    }

    /**
     * Reads {@code group:artifact} or {@code group:artifact:version}.
     *
     * @param text the coordinates
     * @return the coordinates, the version absent when none is given
     */
    public static ModelCoordinates parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 2 && parts.length != 3) {
            throw new SpanrelException("model coordinates '" + text + "': expected group:artifact or group:artifact:version");
        }
        return new ModelCoordinates(parts[0], parts[1], parts.length == 3 ? Optional.of(parts[2]) : Optional.empty());
    }

    /**
     * Reads {@code group:artifact:version}, as a jar to publish needs its version.
     *
     * @param text the coordinates
     * @return the coordinates with their version
     */
    public static ModelCoordinates parseWithVersion(String text) {
        ModelCoordinates coordinates = parse(text);
        if (coordinates.version().isEmpty()) {
            throw new SpanrelException("model coordinates '" + text + "': a version is needed (group:artifact:version)");
        }
        return coordinates;
    }

    /**
     * The folder of the jar that holds this model: {@code META-INF/spanrel/models/<group>/<artifact>/}.
     *
     * @return the resource path, ending with a slash
     */
    public String resourceRoot() {
        return MODELS + group + "/" + artifact + "/";
    }

    /**
     * The version, for coordinates that must have one.
     *
     * @return the version
     */
    public String requireVersion() {
        return version.orElseThrow(() -> new SpanrelException("model coordinates " + this + " have no version"));
    }

    /**
     * {@code group:artifact} without the version.
     *
     * @return the versionless coordinates
     */
    public String groupAndArtifact() {
        return group + ":" + artifact;
    }

    @Override
    public String toString() {
        return groupAndArtifact() + version.map(v -> ":" + v).orElse("");
    }

    private static void require(Pattern pattern, String value, String part) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new SpanrelException("model coordinates: " + part + " '" + value + "' must be letters, digits, '.', '_'"
                    + (part.equals("version") ? ", '+'" : "") + " or '-', not starting with '.' or '-'");
        }
    }
}
