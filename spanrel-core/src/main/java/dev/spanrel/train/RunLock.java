package dev.spanrel.train;

import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a run directory: an OS file lock on {@code run.lock} in it, with the holder's pid written
 * in the file so that a refused writer can say who holds it. The operating system releases the lock when its
 * process ends, however it ends (kill -9 included), so a lock file left by a dead process never blocks anyone:
 * the file stays, only the lock is gone. The file is never deleted, since two processes could otherwise each hold
 * a lock on a different file of the same name.
 */
final class RunLock implements AutoCloseable {
    static final String FILE = "run.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code runDir} (created if missing), or fails at once, naming the pid that holds it.
     *
     * @throws SpanrelException when another process, or another run in this one, holds the lock
     */
    static RunLock acquire(Path runDir) {
        Path file = runDir.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(runDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // This JVM holds it already: another run in this process writes into the directory.
                lock = null;
            }
            if (lock == null) {
                throw new SpanrelException(runDir + ": another run is writing into this directory (pid " + holder(file)
                        + ", which holds " + file + "); wait for it to end or choose another --out");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new RunLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SpanrelException("cannot lock the run directory " + runDir + " (" + file + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The pid the holder wrote into the lock file, or "unknown" while it has not written it yet. */
    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return pid.matches("\\d+") ? pid : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    Path file() {
        return file;
    }

    /** Releases the lock; the pid is cleared first, so the file never names a process that no longer holds it. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
        } catch (IOException ignored) {
            // The lock goes with the channel below all the same.
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel releases it too.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }
}
