package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * {@code bin/spanrel}'s restart of a plan after a JVM crash, with the launcher copied into a scratch checkout whose
 * build is already stamped and a stand-in {@code java} first on the PATH that records each call and exits with the
 * codes it is given.
 */
class LauncherTest {
    @TempDir Path root;

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
        Files.writeString(target.resolve("classpath.txt"), "");
        Files.writeString(target.resolve(".spanrel-build-stamp"), "");

        calls = root.resolve("calls.txt");
        exitCodes = root.resolve("exit-codes.txt");
        Path fakeBin = Files.createDirectories(root.resolve("fake-bin"));
        executable(Files.writeString(fakeBin.resolve("java"), """
                #!/bin/sh
                echo "$*" >> "$CALLS"
                n=$(wc -l < "$CALLS")
                code=$(sed -n "${n}p" "$EXIT_CODES")
                exit "${code:-0}"
                """));
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
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Path err = root.resolve("err.txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        List<String> javaCalls = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        return new Launch(p.exitValue(), javaCalls, Files.readString(err));
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
