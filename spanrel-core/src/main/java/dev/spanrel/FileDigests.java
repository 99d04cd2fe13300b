package dev.spanrel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, the one checksum the project writes (provenance, checkpoints, downloads, model artifacts). */
public final class FileDigests {
    private FileDigests() {}

    /**
     * The lower-case hex SHA-256 of a file's bytes.
     *
     * @param file the file
     * @return 64 hex digits
     * @throws SpanrelException naming the file when it cannot be read
     */
    public static String sha256(Path file) {
        MessageDigest digest = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new SpanrelException("cannot checksum " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * A fresh SHA-256 digest, for content that is not a file (or is digested while copied).
     *
     * @return the digest
     */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
