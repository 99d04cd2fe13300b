package dev.spanrel.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SpanrelException;
import dev.spanrel.infer.ExtractionResult;
import dev.spanrel.infer.Extractor;
import dev.spanrel.testing.ReadmeTask;
import dev.spanrel.testing.TinyTask;
import dev.spanrel.train.TrainingRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny trained model packaged as a jar, loaded back from a class loader that has nothing but that jar: the
 * extracted copy predicts what the directory predicts, is extracted once, and a damaged, doubled, missing or
 * other-version jar is refused with a message saying which.
 */
class ModelArtifactTest {
    private static final ModelCoordinates COORDINATES = ModelCoordinates.parseWithVersion("com.example.models:readme-model:1.2.0");

    @TempDir static Path shared;
    @TempDir Path tmp;

    private static Path modelDir;
    private static ModelJarWriter.PackagedModel packaged;

    @BeforeAll
    static void trainAndPackage() throws IOException {
        Path run = shared.resolve("run");
        TinyTask task = ReadmeTask.write(shared.resolve("task"));
        new TrainingRun(task.config("epochs=30", "seed=7"), task.data(), new PrintStream(OutputStream.nullOutputStream()), false).train(run, false);
        modelDir = run.resolve("model");
        packaged = ModelJarWriter.write(modelDir, COORDINATES, shared.resolve("repo"));
    }

    @Test
    void theJarHoldsTheModelUnderItsCoordinatesWithAPomMavenFinds() throws IOException {
        assertThat(packaged.jar().getFileName()).hasToString("readme-model-1.2.0.jar");
        assertThat(packaged.pom().getFileName()).hasToString("readme-model-1.2.0.pom");
        String pom = Files.readString(packaged.pom());
        assertThat(pom).contains("<groupId>com.example.models</groupId>", "<artifactId>readme-model</artifactId>",
                "<version>1.2.0</version>", "<packaging>jar</packaging>");
        try (JarFile jar = new JarFile(packaged.jar().toFile())) {
            String root = "META-INF/spanrel/models/com.example.models/readme-model/";
            assertThat(read(jar, "META-INF/maven/com.example.models/readme-model/pom.xml")).isEqualTo(pom);
            assertThat(read(jar, root + "spanrel-model-artifact.json")).contains("\"version\" : \"1.2.0\"");
            try (var files = Files.list(modelDir)) {
                for (Path file : files.toList()) {
                    assertThat(jar.getInputStream(jar.getEntry(root + "model/" + file.getFileName())).readAllBytes())
                            .as(file.getFileName().toString()).isEqualTo(Files.readAllBytes(file));
                }
            }
            assertThat(jar.getManifest().getMainAttributes().getValue("Spanrel-Model")).isEqualTo("com.example.models:readme-model:1.2.0");
        }
    }

    @Test
    void packagingTheSameModelTwiceGivesTheSameBytes() throws IOException {
        ModelJarWriter.PackagedModel again = ModelJarWriter.write(modelDir, COORDINATES, tmp);
        assertThat(sha256(again.jar())).isEqualTo(sha256(packaged.jar()));
    }

    @Test
    void aFreshClassLoaderWithTheJarOpensTheModelThatPredictsWhatTheDirectoryPredicts() throws IOException {
        ExtractionResult expected;
        try (Extractor fromDir = Extractor.load(modelDir)) {
            expected = fromDir.extract(ReadmeTask.TEXT);
        }
        assertThat(expected.sentences().get(0).relations()).as("the tiny model learnt its relation").hasSize(1);
        Path cache = tmp.resolve("cache");
        try (URLClassLoader loader = onlyJars(packaged.jar())) {
            Path extracted = ClasspathModels.locate(ModelCoordinates.parse("com.example.models:readme-model"), loader, cache);
            assertThat(extracted).startsWith(cache.resolve("com.example.models/readme-model"));
            assertThat(extracted.getFileName().toString()).startsWith("1.2.0-" + packaged.descriptor().digest().substring(0, 16));
            try (Extractor fromJar = Extractor.load(extracted)) {
                assertThat(fromJar.extract(ReadmeTask.TEXT)).isEqualTo(expected);
            }
        }
    }

    @Test
    void extractorFromClasspathExtractsIntoSpanrelHome() throws IOException {
        String before = System.getProperty("spanrel.home");
        System.setProperty("spanrel.home", tmp.resolve("home").toString());
        try (URLClassLoader loader = onlyJars(packaged.jar());
                Extractor extractor = Extractor.fromClasspath("com.example.models:readme-model:1.2.0", loader)) {
            assertThat(extractor.extract(ReadmeTask.TEXT).sentences().get(0).relations().get(0).type()).isEqualTo("Live_In");
            try (var dirs = Files.list(tmp.resolve("home/models/com.example.models/readme-model"))) {
                assertThat(dirs.map(p -> p.getFileName().toString()).toList())
                        .containsExactly("1.2.0-" + packaged.descriptor().digest().substring(0, 16));
            }
        } finally {
            if (before == null) {
                System.clearProperty("spanrel.home");
            } else {
                System.setProperty("spanrel.home", before);
            }
        }
    }

    @Test
    void theModelIsExtractedOnceAndAgainWhenItsCopyWasDamaged() throws IOException {
        Path cache = tmp.resolve("cache");
        try (URLClassLoader loader = onlyJars(packaged.jar())) {
            Path first = ClasspathModels.locate(COORDINATES, loader, cache);
            FileTime written = FileTime.fromMillis(1_000_000_000_000L);
            Files.setLastModifiedTime(first.resolve("vocab.txt"), written);
            Path second = ClasspathModels.locate(COORDINATES, loader, cache);
            assertThat(second).isEqualTo(first);
            assertThat(Files.getLastModifiedTime(second.resolve("vocab.txt"))).as("not copied again").isEqualTo(written);

            Files.delete(first.resolve("types.json"));
            Path third = ClasspathModels.locate(COORDINATES, loader, cache);
            assertThat(third).isEqualTo(first);
            assertThat(third.resolve("types.json")).hasSameBinaryContentAs(modelDir.resolve("types.json"));
            try (var siblings = Files.list(cache.resolve("com.example.models/readme-model"))) {
                assertThat(siblings.toList()).as("no partial copies left behind").containsExactly(first);
            }
        }
    }

    @Test
    void aJarWhoseFileDiffersFromItsDescriptorIsRefusedAndLeavesNothingInTheCache() throws IOException {
        Path damaged = tmp.resolve("damaged.jar");
        rewrite(packaged.jar(), damaged, "types.json", "{\"entities\": {}, \"relations\": {}}");
        Path cache = tmp.resolve("cache");
        try (URLClassLoader loader = onlyJars(damaged)) {
            assertThatThrownBy(() -> ClasspathModels.locate(COORDINATES, loader, cache))
                    .isInstanceOf(SpanrelException.class)
                    .hasMessageContaining("damaged.jar!/META-INF/spanrel/models/com.example.models/readme-model/model/types.json")
                    .hasMessageContaining("the jar is damaged");
        }
        try (var left = Files.walk(cache)) {
            assertThat(left.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Test
    void missingDoubledAndOtherVersionJarsAreRefusedSayingWhich() throws IOException {
        Path cache = tmp.resolve("cache");
        Path copy = Files.copy(packaged.jar(), tmp.resolve("copy.jar"));
        try (URLClassLoader none = onlyJars(); URLClassLoader two = onlyJars(packaged.jar(), copy);
                URLClassLoader one = onlyJars(packaged.jar())) {
            assertThatThrownBy(() -> ClasspathModels.locate(COORDINATES, none, cache))
                    .hasMessageContaining("no model com.example.models:readme-model on the class path");
            assertThatThrownBy(() -> ClasspathModels.locate(COORDINATES, two, cache))
                    .hasMessageContaining("is on the class path 2 times").hasMessageContaining("copy.jar");
            assertThatThrownBy(() -> ClasspathModels.locate(ModelCoordinates.parse("com.example.models:readme-model:2.0"), one, cache))
                    .hasMessageContaining("the class path holds version 1.2.0");
        }
    }

    @Test
    void coordinatesAreCheckedBeforeTheyBecomePaths() {
        assertThat(ModelCoordinates.parse("a.b:c").resourceRoot()).isEqualTo("META-INF/spanrel/models/a.b/c/");
        assertThatThrownBy(() -> ModelCoordinates.parse("a.b")).hasMessageContaining("expected group:artifact");
        assertThatThrownBy(() -> ModelCoordinates.parse("a/../b:c")).hasMessageContaining("group 'a/../b'");
        assertThatThrownBy(() -> ModelCoordinates.parse("a..b:c")).hasMessageContaining("'..' is not allowed");
        assertThatThrownBy(() -> ModelCoordinates.parseWithVersion("a:b")).hasMessageContaining("a version is needed");
        assertThatThrownBy(() -> ModelJarWriter.write(tmp, COORDINATES, tmp.resolve("out")))
                .hasMessageContaining("is not a model directory: no spanrel.json");
    }

    private static URLClassLoader onlyJars(Path... jars) throws IOException {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = jars[i].toUri().toURL();
        }
        // The platform loader as parent: nothing of the test class path is visible, only the jars.
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    private static String sha256(Path file) throws IOException {
        return java.util.HexFormat.of().formatHex(dev.spanrel.FileDigests.newSha256().digest(Files.readAllBytes(file)));
    }

    private static String read(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A copy of the jar with one model file's content replaced. */
    private static void rewrite(Path jar, Path out, String modelFile, String content) throws IOException {
        String target = COORDINATES.resourceRoot() + "model/" + modelFile;
        try (JarFile in = new JarFile(jar.toFile()); JarOutputStream copy = new JarOutputStream(Files.newOutputStream(out))) {
            for (JarEntry entry : Collections.list(in.entries())) {
                copy.putNextEntry(new JarEntry(entry.getName()));
                copy.write(entry.getName().equals(target) ? content.getBytes(StandardCharsets.UTF_8)
                        : in.getInputStream(entry).readAllBytes());
                copy.closeEntry();
            }
        }
    }
}
