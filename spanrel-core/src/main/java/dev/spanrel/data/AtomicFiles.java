package dev.spanrel.data;

import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see either the old content or the complete new one, never a half-written file:
 * the content goes to a temporary file in the same folder (same file system, so the move can be atomic), which
 * then replaces the target.
 */
public final class AtomicFiles {
    /** Fills the stream with the file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temp = null;
        try {
            Files.createDirectories(folder);
            temp = Files.createTempFile(folder, "." + absolute.getFileName(), ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                content.writeTo(out);
            }
            moveIntoPlace(temp, absolute);
            temp = null;
        } catch (IOException e) {
            throw new SpanrelException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Moves a finished temporary file (in the target's folder) over the target. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some file systems cannot rename atomically; a plain replace is the best they offer.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The temporary file is hidden and harmless; the original error matters more.
        }
    }
}
