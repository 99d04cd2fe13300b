package dev.spanrel.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spanrel.SpanrelVersion;
import dev.spanrel.infer.ExtractedRelation;
import dev.spanrel.infer.ExtractedSentence;
import dev.spanrel.infer.Extractor;
import dev.spanrel.testing.ReadmeSnippets;
import dev.spanrel.testing.ReadmeTask;
import dev.spanrel.testing.TinyTask;
import dev.spanrel.train.TrainingRun;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a team does to adopt spanrel, in a Maven project of its own: the built spanrel artifacts and a tiny model
 * packaged as a jar are installed with {@code mvn install:install-file} into a scratch local repository; a fresh
 * project imports spanrel-bom, depends on spanrel-core without a version and on the model by its coordinates, and
 * compiles README.md's two Java examples as written; both run and print the relation the tiny model was trained
 * on, the class-path one from the jar Maven resolved. The scratch repository reads everything else from the
 * build's own local repository (a file repository ahead of Central), so nothing is downloaded that the build has.
 */
class FreshProjectIT {
    private static final Path ROOT = Path.of("..");
    private static final Pattern COORDINATES = Pattern.compile("Extractor\\.fromClasspath\\(\"([^\"]+)\"\\)");
    private static final long MAVEN_MINUTES = 10;

    @TempDir Path tmp;

    @Test
    void aFreshProjectImportsTheBomAndRunsTheReadmeExamplesOnAPackagedModel() throws Exception {
        String version = SpanrelVersion.version();
        Path coreJar = Path.of("target", "spanrel-core-" + version + ".jar");
        String mavenHome = System.getProperty("maven.home", "");
        String userRepository = System.getProperty("spanrel.localRepository", "");
        boolean ready = Files.isRegularFile(coreJar) && !mavenHome.isBlank() && !userRepository.isBlank();
        // CI sets SPANREL_REQUIRE_IT so that a missing prerequisite fails there instead of skipping.
        if (System.getenv("SPANREL_REQUIRE_IT") != null) {
            assertThat(ready).as("run by failsafe after package: " + coreJar + ", maven.home and spanrel.localRepository").isTrue();
        }
        assumeTrue(ready, "needs the packaged core jar and the Maven of the build (run by failsafe)");
        Path mvn = Path.of(mavenHome, "bin", "mvn");

        TinyTask task = ReadmeTask.write(tmp.resolve("task"));
        new TrainingRun(task.config("epochs=30", "seed=7"), task.data(), new PrintStream(OutputStream.nullOutputStream()), false)
                .train(tmp.resolve("run"), false);
        Path model = tmp.resolve("run/model");
        String expected = relationsAsTheExamplesPrintThem(model);
        assertThat(expected).as("the tiny model finds the relation it was trained on").contains("John Smith Live_In Paris\n");

        String classpathExample = ReadmeSnippets.blockContaining(ROOT, "Extractor.fromClasspath(");
        String directoryExample = ReadmeSnippets.blockContaining(ROOT, "Extractor.load(");
        Matcher named = COORDINATES.matcher(classpathExample);
        assertThat(named.find()).as("the class-path example names its model's coordinates").isTrue();
        ModelCoordinates coordinates = ModelCoordinates.parse(named.group(1) + ":1.0.0");
        ModelJarWriter.PackagedModel packaged = ModelJarWriter.write(model, coordinates, tmp.resolve("dist"));

        Path repository = tmp.resolve("repository");
        Path settings = writeSettings(repository, Path.of(userRepository));
        Path work = Files.createDirectories(tmp.resolve("maven-work"));
        installFile(mvn, settings, work, ROOT.resolve("pom.xml"), ROOT.resolve("pom.xml"));
        installFile(mvn, settings, work, ROOT.resolve("spanrel-bom/pom.xml"), ROOT.resolve("spanrel-bom/pom.xml"));
        installFile(mvn, settings, work, coreJar, Path.of("pom.xml"));
        installFile(mvn, settings, work, packaged.jar(), packaged.pom());

        Path project = tmp.resolve("fresh-project");
        Path sources = Files.createDirectories(project.resolve("src/main/java"));
        Files.writeString(project.resolve("pom.xml"), freshPom(version, coordinates));
        Files.writeString(sources.resolve("ClasspathExample.java"), ReadmeSnippets.asProgram(classpathExample, "ClasspathExample"));
        Files.writeString(sources.resolve("DirectoryExample.java"), ReadmeSnippets.asProgram(directoryExample, "DirectoryExample"));
        maven(mvn, settings, project, "compile",
                "org.apache.maven.plugins:maven-dependency-plugin:3.7.1:build-classpath", "-Dmdep.outputFile=classpath.txt");

        String classPath = Files.readString(project.resolve("classpath.txt")).trim();
        Path modelJar = repository.resolve(coordinates.group().replace('.', '/')).resolve(coordinates.artifact())
                .resolve("1.0.0").resolve(coordinates.artifact() + "-1.0.0.jar");
        Path installedCore = repository.resolve("dev/spanrel/spanrel-core").resolve(version).resolve("spanrel-core-" + version + ".jar");
        assertThat(List.of(classPath.split(File.pathSeparator))).as("resolved through the BOM and the coordinates")
                .contains(modelJar.toAbsolutePath().toString(), installedCore.toAbsolutePath().toString());

        Path home = tmp.resolve("spanrel-home");
        Path runDir = Files.createDirectories(tmp.resolve("user-dir"));
        String fromJar = runExample(project, classPath, "ClasspathExample", runDir, home);
        assertThat(fromJar).isEqualTo(expected);
        Path extracted;
        try (Stream<Path> copies = Files.list(home.resolve("models").resolve(coordinates.group()).resolve(coordinates.artifact()))) {
            List<Path> all = copies.toList();
            assertThat(all).as("one extracted copy").hasSize(1);
            extracted = all.get(0);
        }

        // The directory example reads runs/conll04/model relative to where it runs: give it the extracted copy.
        Files.createSymbolicLink(Files.createDirectories(runDir.resolve("runs/conll04")).resolve("model"), extracted.toAbsolutePath());
        assertThat(runExample(project, classPath, "DirectoryExample", runDir, home)).isEqualTo(expected);
    }

    /** What both README examples print for the README's text, computed here from the model directory. */
    private static String relationsAsTheExamplesPrintThem(Path model) {
        StringBuilder out = new StringBuilder();
        try (Extractor extractor = Extractor.load(model)) {
            for (ExtractedSentence sentence : extractor.extract(ReadmeTask.TEXT).sentences()) {
                for (ExtractedRelation relation : sentence.relations()) {
                    out.append(sentence.entities().get(relation.head()).text()).append(' ').append(relation.type())
                            .append(' ').append(sentence.entities().get(relation.tail()).text()).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String freshPom(String spanrelVersion, ModelCoordinates model) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.example</groupId>
                  <artifactId>adopts-spanrel</artifactId>
                  <version>1.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>dev.spanrel</groupId>
                        <artifactId>spanrel-bom</artifactId>
                        <version>%s</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                    <dependency>
                      <groupId>dev.spanrel</groupId>
                      <artifactId>spanrel-core</artifactId>
                    </dependency>
                    <dependency>
                      <groupId>%s</groupId>
                      <artifactId>%s</artifactId>
                      <version>%s</version>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.13.0</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(spanrelVersion, model.group(), model.artifact(), model.requireVersion());
    }

    /**
     * Settings with the scratch local repository, and the build's local repository as a file repository consulted
     * before Central (releases only: the spanrel snapshots must come from the scratch repository).
     */
    private static Path writeSettings(Path repository, Path userRepository) throws IOException {
        String url = userRepository.toAbsolutePath().toUri().toString();
        String repo = """
                    <id>build-local</id>
                    <url>%s</url>
                    <releases><enabled>true</enabled></releases>
                    <snapshots><enabled>false</enabled></snapshots>
                """.formatted(url);
        Path settings = repository.resolveSibling("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <profiles>
                    <profile>
                      <id>build-local</id>
                      <repositories><repository>
                %s      </repository></repositories>
                      <pluginRepositories><pluginRepository>
                %s      </pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>build-local</activeProfile></activeProfiles>
                </settings>
                """.formatted(repository.toAbsolutePath(), repo, repo));
        return settings;
    }

    private static void installFile(Path mvn, Path settings, Path dir, Path file, Path pom) throws Exception {
        maven(mvn, settings, dir, "org.apache.maven.plugins:maven-install-plugin:3.1.2:install-file",
                "-Dfile=" + file.toAbsolutePath(), "-DpomFile=" + pom.toAbsolutePath());
    }

    /** Runs Maven, bounded in time; a failure shows the end of its log. */
    private static void maven(Path mvn, Path settings, Path dir, String... goals) throws Exception {
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-ntp", "-s", settings.toString()));
        command.addAll(List.of(goals));
        Path log = Files.createTempFile(dir.getParent(), "maven", ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(MAVEN_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        String tail = output.substring(Math.max(0, output.length() - 6000));
        assertThat(finished).as("%s did not finish in %d minutes:%n%s", command, MAVEN_MINUTES, tail).isTrue();
        assertThat(process.exitValue()).as("%s failed:%n%s", command, tail).isZero();
    }

    private static String runExample(Path project, String classPath, String mainClass, Path dir, Path home) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", project.resolve("target/classes").toAbsolutePath() + File.pathSeparator + classPath, mainClass);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("SPANREL_HOME", home.toAbsolutePath().toString());
        Path err = Files.createTempFile(dir.getParent(), mainClass, ".err");
        Process process = builder.redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(mainClass + " finished").isTrue();
        assertThat(process.exitValue()).as(mainClass + ": " + Files.readString(err)).isZero();
        return out.replace(System.lineSeparator(), "\n");
    }
}
