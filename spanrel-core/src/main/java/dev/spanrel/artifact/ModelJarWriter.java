package dev.spanrel.artifact;

import dev.spanrel.FileDigests;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import dev.spanrel.SpanrelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Packages a model directory as a Maven artifact: a jar holding the directory under the coordinates' folder with a
 * {@link ModelDescriptor}, the pom inside it where Maven puts one ({@code META-INF/maven/<group>/<artifact>/}), and
 * the same pom beside the jar, the two files {@code mvn install:install-file} or a repository manager take. Entries
 * carry a fixed time, so packaging the same model twice gives the same bytes.
 */
public final class ModelJarWriter {
    /** 2026-01-01T00:00:00Z: entry times of every model jar, for reproducible bytes. */
    private static final long ENTRY_TIME = 1767225600000L;

    private ModelJarWriter() {}

    /**
     * The files written.
     *
     * @param jar the model jar, {@code <artifact>-<version>.jar}
     * @param pom its pom, {@code <artifact>-<version>.pom}
     * @param descriptor what the jar's descriptor says
     */
    public record PackagedModel(Path jar, Path pom, ModelDescriptor descriptor) {}

    /**
     * Writes {@code <artifact>-<version>.jar} and {@code .pom} into {@code outDir}.
     *
     * @param modelDir a model directory (one with a {@code spanrel.json})
     * @param coordinates the coordinates, with a version
     * @param outDir where the two files go; created if missing
     * @return the files written
     */
    public static PackagedModel write(Path modelDir, ModelCoordinates coordinates, Path outDir) {
        String version = coordinates.requireVersion();
        if (!Files.isDirectory(modelDir)) {
            throw new SpanrelException("model directory " + modelDir + " does not exist or is not a directory");
        }
        if (!Files.isRegularFile(modelDir.resolve("spanrel.json"))) {
            throw new SpanrelException(modelDir + " is not a model directory: no spanrel.json");
        }
        List<Path> sources = regularFiles(modelDir);
        List<ModelFile> files = new ArrayList<>(sources.size());
        for (Path source : sources) {
            files.add(describe(modelDir, source));
        }
        ModelDescriptor descriptor = new ModelDescriptor(coordinates, SpanrelVersion.version(), files);
        String pom = pom(coordinates, descriptor);
        String base = coordinates.artifact() + "-" + version;
        try {
            Files.createDirectories(outDir);
            Path jar = outDir.resolve(base + ".jar");
            Path pomFile = outDir.resolve(base + ".pom");
            Path partial = Files.createTempFile(outDir, "." + base, ".jar.partial");
            try {
                try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial))) {
                    // Written as an entry of its own: the constructor taking a manifest stamps it with the clock.
                    put(out, JarFile.MANIFEST_NAME, manifest(coordinates));
                    String mavenDir = "META-INF/maven/" + coordinates.group() + "/" + coordinates.artifact() + "/";
                    put(out, mavenDir + "pom.xml", pom.getBytes(StandardCharsets.UTF_8));
                    put(out, mavenDir + "pom.properties", ("groupId=" + coordinates.group() + "\nartifactId="
                            + coordinates.artifact() + "\nversion=" + version + "\n").getBytes(StandardCharsets.UTF_8));
                    String root = coordinates.resourceRoot();
                    put(out, root + ModelDescriptor.FILE_NAME, descriptor.toJson().getBytes(StandardCharsets.UTF_8));
                    for (ModelFile file : descriptor.files()) {
                        JarEntry entry = new JarEntry(root + ModelDescriptor.MODEL_FOLDER + file.path());
                        entry.setTime(ENTRY_TIME);
                        out.putNextEntry(entry);
                        Files.copy(modelDir.resolve(file.path()), out);
                        out.closeEntry();
                    }
                }
                AtomicFiles.makeReadable(partial, false);
                AtomicFiles.moveIntoPlace(partial, jar);
            } finally {
                AtomicFiles.deleteQuietly(partial);
            }
            AtomicFiles.writeString(pomFile, pom);
            return new PackagedModel(jar, pomFile, descriptor);
        } catch (IOException e) {
            throw new SpanrelException("cannot write the model jar for " + coordinates + " into " + outDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pom of a model artifact: coordinates, a description and no dependencies (the jar is data; the project
     * that loads it depends on spanrel-core itself, at the version it chooses).
     */
    static String pom(ModelCoordinates coordinates, ModelDescriptor descriptor) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"\n"
                + "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                + "         xsi:schemaLocation=\"http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>" + coordinates.group() + "</groupId>\n"
                + "  <artifactId>" + coordinates.artifact() + "</artifactId>\n"
                + "  <version>" + coordinates.requireVersion() + "</version>\n"
                + "  <packaging>jar</packaging>\n"
                + "  <description>A spanrel model packaged by spanrel " + xml(descriptor.spanrelVersion())
                + " (content digest " + descriptor.digest() + "): Extractor.fromClasspath(\""
                + coordinates.groupAndArtifact() + "\") opens it.</description>\n"
                + "</project>\n";
    }

    private static byte[] manifest(ModelCoordinates coordinates) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Created-By", "spanrel " + SpanrelVersion.version());
        main.putValue("Spanrel-Model", coordinates.toString());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        manifest.write(bytes);
        return bytes.toByteArray();
    }

    private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
        JarEntry entry = new JarEntry(name);
        entry.setTime(ENTRY_TIME);
        out.putNextEntry(entry);
        out.write(content);
        out.closeEntry();
    }

    /** Every regular file below the directory, sorted; temporary and hidden files of a run are left out. */
    private static List<Path> regularFiles(Path modelDir) {
        try (Stream<Path> walk = Files.walk(modelDir)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new SpanrelException("cannot list model directory " + modelDir + ": " + e.getMessage(), e);
        }
    }

    private static ModelFile describe(Path modelDir, Path file) {
        String relative = modelDir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), FileDigests.newSha256())) {
            long size = in.transferTo(OutputStream.nullOutputStream());
            return new ModelFile(relative, size, HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()));
        } catch (IOException e) {
            throw new SpanrelException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
