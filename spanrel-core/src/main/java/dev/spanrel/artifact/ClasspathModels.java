package dev.spanrel.artifact;

import dev.spanrel.FileDigests;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import dev.spanrel.encoder.Encoders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds a model jar ({@link ModelJarWriter}) on a class path by its coordinates and gives its model directory on
 * disk, extracted once into {@code <cache>/models/<group>/<artifact>/<version>-<digest>/}: the model readers open
 * files, and a jar's entries are no files. The copy is built in a temporary sibling, every file checked against the
 * descriptor's size and SHA-256, then moved into place whole, so a process killed while extracting, or two
 * processes extracting at once, never leave a partial model where a later one would open it.
 */
public final class ClasspathModels {
    private ClasspathModels() {}

    /**
     * The model directory of {@code group:artifact} on the class path, extracted under {@link Encoders#home()}.
     *
     * @param coordinates {@code group:artifact}, or {@code group:artifact:version} to require that version
     * @param loader the class loader whose class path holds the model jar
     * @return the extracted model directory
     */
    public static Path locate(String coordinates, ClassLoader loader) {
        return locate(ModelCoordinates.parse(coordinates), loader, Encoders.home().resolve("models"));
    }

    /**
     * The model directory of the coordinates on the class path, extracted under {@code cacheRoot}.
     *
     * @param coordinates the coordinates; with a version, the jar found must be of that version
     * @param loader the class loader whose class path holds the model jar
     * @param cacheRoot the folder extracted models are kept in
     * @return the extracted model directory
     */
    public static Path locate(ModelCoordinates coordinates, ClassLoader loader, Path cacheRoot) {
        URL url = findDescriptor(coordinates, loader);
        ModelDescriptor descriptor;
        try (InputStream in = url.openStream()) {
            descriptor = ModelDescriptor.read(in, url.toString());
        } catch (IOException e) {
            throw new SpanrelException("cannot read " + url + ": " + e.getMessage(), e);
        }
        if (!descriptor.coordinates().groupAndArtifact().equals(coordinates.groupAndArtifact())) {
            throw new SpanrelException(url + ": the descriptor names " + descriptor.coordinates() + ", but it sits in the folder of "
                    + coordinates.groupAndArtifact());
        }
        if (coordinates.version().isPresent() && !coordinates.version().equals(descriptor.coordinates().version())) {
            throw new SpanrelException("model " + coordinates + " was asked for, but the class path holds version "
                    + descriptor.coordinates().requireVersion() + " (" + url + ")");
        }
        Path target = cacheRoot.resolve(coordinates.group()).resolve(coordinates.artifact())
                .resolve(descriptor.coordinates().requireVersion() + "-" + descriptor.digest().substring(0, 16));
        if (Files.isDirectory(target)) {
            if (isIntact(target, descriptor)) {
                return target;
            }
            // Someone changed or deleted files of the extracted copy: extract it again.
            deleteTree(target);
        }
        return extract(descriptor, url, loader, target);
    }

    /** The one descriptor for the coordinates; none, or several jars with them, is an error that says which. */
    private static URL findDescriptor(ModelCoordinates coordinates, ClassLoader loader) {
        String name = coordinates.resourceRoot() + ModelDescriptor.FILE_NAME;
        List<URL> urls;
        try {
            urls = Collections.list(loader.getResources(name)).stream().distinct().toList();
        } catch (IOException e) {
            throw new SpanrelException("cannot search the class path for " + name + ": " + e.getMessage(), e);
        }
        if (urls.isEmpty()) {
            throw new SpanrelException("no model " + coordinates.groupAndArtifact() + " on the class path: no jar holds " + name
                    + " (package one with `spanrel package-model` and add it as a dependency)");
        }
        if (urls.size() > 1) {
            throw new SpanrelException("model " + coordinates.groupAndArtifact() + " is on the class path " + urls.size()
                    + " times, keep one: " + urls);
        }
        return urls.get(0);
    }

    private static Path extract(ModelDescriptor descriptor, URL url, ClassLoader loader, Path target) {
        Path staging = null;
        try {
            Files.createDirectories(target.getParent());
            staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial");
            for (ModelFile file : descriptor.files()) {
                copyChecked(loader, descriptor.coordinates(), file, staging.resolve(file.path()), url);
            }
            AtomicFiles.makeReadable(staging, true);
            try {
                Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Another process extracted the same content first; its copy is as good as ours.
                if (!isIntact(target, descriptor)) {
                    throw new SpanrelException("cannot extract model " + descriptor.coordinates() + ": " + target
                            + " appeared meanwhile and does not match " + url);
                }
            }
            return target;
        } catch (IOException e) {
            throw new SpanrelException("cannot extract model " + descriptor.coordinates() + " from " + url + " into "
                    + target + ": " + e.getMessage(), e);
        } finally {
            if (staging != null && Files.exists(staging)) {
                deleteTree(staging);
            }
        }
    }

    private static void copyChecked(ClassLoader loader, ModelCoordinates coordinates, ModelFile file, Path destination,
            URL url) throws IOException {
        URL entry = sibling(url, coordinates, file, loader);
        Files.createDirectories(destination.getParent());
        MessageDigest sha = FileDigests.newSha256();
        long size;
        try (InputStream in = new DigestInputStream(entry.openStream(), sha);
                OutputStream out = Files.newOutputStream(destination)) {
            size = in.transferTo(out);
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        if (size != file.size() || !digest.equals(file.sha256())) {
            throw new SpanrelException(entry + ": " + size + " bytes with SHA-256 " + digest + ", but the descriptor lists "
                    + file.path() + " with " + file.size() + " bytes and SHA-256 " + file.sha256() + "; the jar is damaged");
        }
    }

    /**
     * The resource from the same jar as the descriptor: when a class path holds other jars, the loader's first
     * match for a name could come from another one.
     */
    private static URL sibling(URL descriptor, ModelCoordinates coordinates, ModelFile file, ClassLoader loader)
            throws IOException {
        String text = descriptor.toString();
        String suffix = ModelDescriptor.FILE_NAME;
        if (text.endsWith(suffix)) {
            return new URL(text.substring(0, text.length() - suffix.length()) + ModelDescriptor.MODEL_FOLDER + file.path());
        }
        String resource = coordinates.resourceRoot() + ModelDescriptor.MODEL_FOLDER + file.path();
        URL fallback = loader.getResource(resource);
        if (fallback == null) {
            throw new SpanrelException(descriptor + " lists " + resource + ", which the class path does not hold");
        }
        return fallback;
    }

    /** Sizes only: reading every byte again would cost what extracting costs on every load. */
    private static boolean isIntact(Path dir, ModelDescriptor descriptor) {
        for (ModelFile file : descriptor.files()) {
            Path path = dir.resolve(file.path());
            try {
                if (!Files.isRegularFile(path) || Files.size(path) != file.size()) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new SpanrelException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
