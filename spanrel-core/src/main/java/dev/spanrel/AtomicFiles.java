package dev.spanrel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes a file through a temporary sibling and a move, so that a reader never sees half a file. */
public final class AtomicFiles {
    /** What writes the content; may throw {@link IOException}. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the whole content to {@code out}, the stream of the temporary sibling.
         *
         * @param out the temporary file's stream; closed by {@link AtomicFiles#write}
         * @throws IOException when the content cannot be written
         */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Writes {@code target} through a temporary sibling that is moved into place once complete, creating the parent
     * folders; a failure removes the temporary file and leaves any old {@code target} as it was.
     *
     * @param target the file to write
     * @param writer what writes the content
     * @throws SpanrelException naming {@code target} when writing or moving fails
     */
    public static void write(Path target, Writer writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            makeReadable(tmp, false);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new java.io.BufferedOutputStream(new KeepOpen(Channels.newOutputStream(channel)), 1 << 20);
                writer.write(out);
                out.flush();
                // On disk before the move: after a crash the target is the old file or the whole new one, never
                // a renamed file whose blocks were not yet written.
                channel.force(true);
            }
            moveIntoPlace(tmp, target);
            syncDirectory(dir);
        } catch (IOException e) {
            throw new SpanrelException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Writes {@code text} as UTF-8 to {@code target}, atomically as {@link #write} does.
     *
     * @param target the file to write
     * @param text its whole content
     */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Moves a finished file or directory into place, atomically where the file system allows it.
     *
     * @param source the finished file or directory
     * @param target where it goes; an existing file there is replaced
     * @throws IOException when the move fails
     */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Gives a temporary file or directory the usual rw-r--r-- / rwxr-xr-x: temp files start private (0600), and
     * once moved into place they are ordinary output that others should be able to read.
     *
     * @param path the file or directory
     * @param directory whether it is a directory (which also needs the execute bits)
     */
    public static void makeReadable(Path path, boolean directory) {
        try {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(
                    directory ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // Not a POSIX file system: its defaults apply.
        }
    }

    /** A stream whose close only flushes: a writer may close its stream, and the channel must stay open for the sync. */
    private static final class KeepOpen extends java.io.FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Makes a move into {@code dir} durable (the directory entry itself); a no-op where directories cannot be synced. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every file system (or OS) lets a directory be opened and synced; the move happened all the same.
        }
    }

    /**
     * Deletes a file if it is there; failures are ignored (used for temporary files).
     *
     * @param path the file, or {@code null} for none
     */
    public static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A stray temporary file is harmless; the real target is what matters.
        }
    }
}
