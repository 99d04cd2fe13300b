package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/spanrel}'s restart of a plan after a JVM crash, and the copy of the build it runs from, with the
 * launcher copied into a scratch checkout whose build is already stamped and a stand-in {@code java} first on the
 * PATH that records each call and exits with the codes it is given.
 */
class LauncherTest {
    @TempDir Path root;
    @TempDir Path home;

    private Path calls;
    private Path exitCodes;

    @BeforeEach
    void scratchCheckout() throws IOException {
        Path repoBin = Path.of("..", "bin").toAbsolutePath().normalize();
        Path bin = Files.createDirectories(root.resolve("bin"));
        for (String launcher : List.of("spanrel", ".launch")) {
            executable(Files.copy(repoBin.resolve(launcher), bin.resolve(launcher)));
        }
        Path target = Files.createDirectories(root.resolve("spanrel-cli/target"));
        Files.writeString(target.resolve("classpath.txt"),
                root.resolve("spanrel-core/target/spanrel-core.jar") + ":" + root.resolve("lib/picocli.jar"));
        build("build 1");

        calls = root.resolve("calls.txt");
        exitCodes = root.resolve("exit-codes.txt");
        Path fakeBin = Files.createDirectories(root.resolve("fake-bin"));
        executable(Files.writeString(fakeBin.resolve("java"), """
                #!/bin/sh
                # The launcher's probe of what this JVM supports (-version) is answered "no" and not recorded.
                case "$*" in *-version) exit 1 ;; esac
                echo "$*" >> "$CALLS"
                n=$(wc -l < "$CALLS")
                code=$(sed -n "${n}p" "$EXIT_CODES")
                exit "${code:-0}"
                """));
    }

    /** Stands in for a Maven build: classes of both modules that say which build they are, and a new stamp. */
    private void build(String id) throws IOException {
        for (String module : List.of("spanrel-cli", "spanrel-core")) {
            Path classes = Files.createDirectories(root.resolve(module + "/target/classes"));
            Files.writeString(classes.resolve("which-build.txt"), id);
        }
        Files.writeString(root.resolve("spanrel-cli/target/.spanrel-build-stamp"), id.replace(' ', '-') + "\n");
    }

    private static Path executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private record Launch(int exitCode, List<String> javaCalls, String err) {}

    private Launch launch(List<Integer> codes, Map<String, String> env, String... args) throws Exception {
        Files.writeString(exitCodes, codes.stream().map(String::valueOf).collect(Collectors.joining("\n", "", "\n")));
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/spanrel").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", root.resolve("fake-bin") + ":" + System.getenv("PATH"));
        pb.environment().put("CALLS", calls.toString());
        pb.environment().put("EXIT_CODES", exitCodes.toString());
        pb.environment().remove("SPANREL_CRASH_RETRIES");
        pb.environment().put("SPANREL_HOME", home.toString());
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Path err = root.resolve("err.txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        List<String> javaCalls = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        Files.deleteIfExists(calls);
        return new Launch(p.exitValue(), javaCalls, Files.readString(err));
    }

    @Test
    void theNativeHeapTrimIsPassedOnlyWhereTheJvmTakesIt() throws Exception {
        assertThat(launch(List.of(0), Map.of(), "stats").javaCalls()).singleElement().asString()
                .doesNotContain("TrimNativeHeapInterval");
        // A JVM that takes the flag (17.0.9 and later): a new build copy probes again and passes it.
        Path java = root.resolve("fake-bin/java");
        Files.writeString(java, Files.readString(java).replace("*-version) exit 1", "*-version) exit 0"));
        build("build 2");
        assertThat(launch(List.of(0), Map.of(), "stats").javaCalls()).singleElement().asString()
                .contains("-XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=10000");
    }

    @Test
    void aServerGetsASmallerHeapUnlessTold() throws Exception {
        assertThat(launch(List.of(0), Map.of(), "serve").javaCalls()).singleElement().asString().startsWith("-Xmx1g ");
        assertThat(launch(List.of(0), Map.of(), "stats").javaCalls()).singleElement().asString().startsWith("-Xmx6g ");
        assertThat(launch(List.of(0), Map.of("SPANREL_JAVA_OPTS", "-Xmx3g"), "serve").javaCalls()).singleElement().asString()
                .startsWith("-Xmx3g ");
    }

    /** The class path entries of a recorded java call. */
    private static List<String> classPath(String javaCall) {
        List<String> words = Arrays.asList(javaCall.split(" "));
        return Arrays.asList(words.get(words.indexOf("-cp") + 1).split(":"));
    }

    @Test
    void theJvmRunsFromACopyOfTheBuildThatALaterBuildLeavesAlone() throws Exception {
        List<String> first = classPath(launch(List.of(0), Map.of(), "stats").javaCalls().get(0));

        build("build 2");
        List<String> second = classPath(launch(List.of(0), Map.of(), "stats").javaCalls().get(0));
        deleteTree(root.resolve("spanrel-cli/target/classes"));   // what mvn clean does to the checkout

        assertThat(first.get(0)).startsWith(home.resolve("builds").toString()).isNotEqualTo(second.get(0));
        assertThat(Files.readString(Path.of(first.get(0), "which-build.txt"))).isEqualTo("build 1");
        assertThat(Files.readString(Path.of(first.get(1), "which-build.txt"))).isEqualTo("build 1");
        assertThat(Files.readString(Path.of(second.get(0), "which-build.txt"))).isEqualTo("build 2");
        // core's jar in the checkout is rewritten by the next build, so the copy's core classes replace it
        assertThat(first).doesNotContain(root.resolve("spanrel-core/target/spanrel-core.jar").toString())
                .contains(root.resolve("lib/picocli.jar").toString());
    }

    @Test
    void launchesOfTheSameBuildShareOneCopy() throws Exception {
        String first = classPath(launch(List.of(0), Map.of(), "stats").javaCalls().get(0)).get(0);
        String second = classPath(launch(List.of(0), Map.of(), "stats").javaCalls().get(0)).get(0);

        assertThat(second).isEqualTo(first);
        try (var copies = Files.list(home.resolve("builds"))) {
            assertThat(copies).hasSize(1);
        }
    }

    @Test
    void aNewCopyRemovesCopiesOlderThanTwoWeeksAndHalfMadeOnes() throws Exception {
        Path builds = Files.createDirectories(home.resolve("builds"));
        Path old = aged(Files.createDirectories(builds.resolve("spanrel-cli-old")), Duration.ofDays(20));
        Path recent = aged(Files.createDirectories(builds.resolve("spanrel-cli-recent")), Duration.ofDays(3));
        Path otherModule = aged(Files.createDirectories(builds.resolve("spanrel-spark-old")), Duration.ofDays(20));
        Path halfMade = aged(Files.createDirectories(builds.resolve(".partial-abc")), Duration.ofHours(2));

        launch(List.of(0), Map.of(), "stats");

        assertThat(old).doesNotExist();
        assertThat(halfMade).doesNotExist();
        assertThat(recent).exists();
        assertThat(otherModule).as("another module's copies are its own launcher's to prune").exists();
    }

    private static Path aged(Path dir, Duration age) throws IOException {
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minus(age)));
        return dir;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aPlanWhoseJvmCrashesIsStartedAgainWithTheSameArguments() throws Exception {
        Launch l = launch(List.of(134, 0), Map.of(), "experiment", "--plan", "p.json", "--seed", "2");

        assertThat(l.exitCode()).isZero();
        assertThat(l.javaCalls()).hasSize(2);
        assertThat(l.javaCalls()).allSatisfy(call ->
                assertThat(call).endsWith("dev.spanrel.cli.Main experiment --plan p.json --seed 2"));
        assertThat(l.err()).contains("restart 1 of 3");
    }

    @Test
    void restartsStopAtTheLimitAndTheCrashStatusComesThrough() throws Exception {
        Launch l = launch(List.of(134, 134, 134, 134), Map.of("SPANREL_CRASH_RETRIES", "2"), "experiment", "--plan", "p.json");

        assertThat(l.exitCode()).isEqualTo(134);
        assertThat(l.javaCalls()).hasSize(3);
    }

    @Test
    void anOrdinaryFailureIsNotRetried() throws Exception {
        Launch l = launch(List.of(1), Map.of(), "experiment", "--plan", "missing.json");

        assertThat(l.exitCode()).isEqualTo(1);
        assertThat(l.javaCalls()).hasSize(1);
    }

    @Test
    void otherCommandsRunOnceWhateverTheirStatus() throws Exception {
        Launch l = launch(List.of(134, 0), Map.of(), "train", "--config", "c.json", "--out", "runs/x");

        assertThat(l.exitCode()).isEqualTo(134);
        assertThat(l.javaCalls()).hasSize(1);
        assertThat(Arrays.asList(l.javaCalls().get(0).split(" "))).contains("train", "--out", "runs/x");
    }
}
