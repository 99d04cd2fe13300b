package dev.spanrel.spark;

import dev.spanrel.FileDigests;
import dev.spanrel.SpanrelException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Local copies of model directories that live on a Hadoop file system ({@code hdfs://}, {@code s3a://},
 * {@code file://}, ...), one per model version: the copy's name is a digest of the directory's full path and of each
 * file's name, size and modification time, so a model replaced at the same path is fetched again and an unchanged one
 * never. A copy is assembled in a hidden sibling folder and renamed into place when complete, so executors on one
 * machine that fetch at the same time never see (or open) a half-written model; the loser of that race drops its own.
 */
final class ModelCache {
    /** What a killed fetch left behind is removed once it is this old (no live fetch of a model takes that long). */
    private static final Duration ABANDONED = Duration.ofHours(6);

    private final Path root;

    ModelCache(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The local copy of the model directory at {@code location}, fetched first when there is none of this version. */
    Path fetch(String location, Configuration conf) {
        org.apache.hadoop.fs.Path remote = hadoopPath(location);
        try {
            FileSystem fs = remote.getFileSystem(conf);
            FileStatus status = fs.getFileStatus(remote);
            if (!status.isDirectory()) {
                throw new SpanrelException("model " + location + " is a file, not a model directory");
            }
            org.apache.hadoop.fs.Path qualified = status.getPath();
            List<LocatedFileStatus> files = list(fs, qualified);
            if (files.isEmpty()) {
                throw new SpanrelException("model " + location + " is an empty directory");
            }
            Path copy = root.resolve(copyName(qualified, files));
            if (Files.isDirectory(copy)) {
                return copy;
            }
            Files.createDirectories(root);
            removeAbandoned();
            Path partial = Files.createTempDirectory(root, ".partial-");
            try {
                for (LocatedFileStatus file : files) {
                    download(fs, file, partial.resolve(relative(qualified, file.getPath())));
                }
                Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Another fetch of the same version renamed its copy first: that one is as good as this one.
                if (!Files.isDirectory(copy)) {
                    throw e;
                }
            } finally {
                deleteTree(partial);
            }
            return copy;
        } catch (FileNotFoundException e) {
            throw new SpanrelException("model " + location + " not found", e);
        } catch (IOException e) {
            throw new SpanrelException("model " + location + ": " + e.getMessage(), e);
        }
    }

    /** A URI as written (escapes decoded, as {@code file:} URIs come from Java), else the text as Hadoop reads a path. */
    private static org.apache.hadoop.fs.Path hadoopPath(String location) {
        try {
            return new org.apache.hadoop.fs.Path(new URI(location));
        } catch (URISyntaxException notAUri) {
            return new org.apache.hadoop.fs.Path(location);
        }
    }

    private static List<LocatedFileStatus> list(FileSystem fs, org.apache.hadoop.fs.Path dir) throws IOException {
        List<LocatedFileStatus> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
        while (it.hasNext()) {
            files.add(it.next());
        }
        files.sort(Comparator.comparing(f -> f.getPath().toString()));
        return files;
    }

    /** The directory's last name (for people looking into the cache) and the digest of what identifies this version. */
    static String copyName(org.apache.hadoop.fs.Path dir, List<? extends FileStatus> files) {
        MessageDigest sha = FileDigests.newSha256();
        sha.update(dir.toUri().toString().getBytes(StandardCharsets.UTF_8));
        for (FileStatus file : files) {
            String entry = "\n" + relative(dir, file.getPath()) + "\t" + file.getLen() + "\t" + file.getModificationTime();
            sha.update(entry.getBytes(StandardCharsets.UTF_8));
        }
        String name = dir.getName().replaceAll("[^A-Za-z0-9._-]", "_");
        return (name.isEmpty() ? "model" : name) + "-" + HexFormat.of().formatHex(sha.digest(), 0, 10);
    }

    private static String relative(org.apache.hadoop.fs.Path dir, org.apache.hadoop.fs.Path file) {
        String base = dir.toUri().getPath();
        String path = file.toUri().getPath();
        if (!path.startsWith(base + "/")) {
            throw new IllegalStateException(file + " is not under " + dir);
        }
        return path.substring(base.length() + 1);
    }

    private static void download(FileSystem fs, LocatedFileStatus file, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = fs.open(file.getPath())) {
            long copied = Files.copy(in, target);
            if (copied != file.getLen()) {
                throw new IOException(file.getPath() + " changed while it was fetched (" + copied + " of " + file.getLen() + " bytes)");
            }
        }
    }

    private void removeAbandoned() throws IOException {
        Instant before = Instant.now().minus(ABANDONED);
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(".partial-")).toList()) {
                FileTime modified = Files.getLastModifiedTime(p);
                if (modified.toInstant().isBefore(before)) {
                    deleteTree(p);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
