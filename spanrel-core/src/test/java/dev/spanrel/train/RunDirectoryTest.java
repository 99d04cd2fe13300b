package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SpanrelException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock on a run directory and the rules for what a new training may do with the run already there. */
class RunDirectoryTest {
    @TempDir Path tmp;
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void aDirectoryLockedByAnotherProcessIsRefusedWithItsPidAndFreedWhenThatProcessIsKilled() throws Exception {
        Path run = tmp.resolve("run");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RunLockHolder.class.getName(), run.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> RunDirectory.claim(run, RunDirectory.Start.FRESH, quiet))
                    .isInstanceOf(SpanrelException.class)
                    .hasMessageContaining("another run is writing into this directory (pid " + holder.pid() + ",");
            assertThatThrownBy(() -> RunDirectory.claim(run, RunDirectory.Start.RESUME, quiet))
                    .hasMessageContaining("pid " + holder.pid());
        } finally {
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        // kill -9 leaves the lock file with the dead holder's pid in it; the OS lock went with the process.
        assertThat(Files.readString(run.resolve(RunLock.FILE)).trim()).isEqualTo(Long.toString(holder.pid()));
        try (RunDirectory claim = RunDirectory.claim(run, RunDirectory.Start.FRESH, quiet)) {
            assertThat(claim.trainingDir()).isEqualTo(run);
            assertThat(Files.readString(run.resolve(RunLock.FILE)).trim())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
        assertThat(Files.readString(run.resolve(RunLock.FILE))).isEmpty();
    }

    @Test
    void aSecondClaimInTheSameProcessIsRefusedUntilTheFirstIsClosed() {
        Path run = tmp.resolve("run");
        try (RunDirectory first = RunDirectory.claim(run, RunDirectory.Start.FRESH, quiet)) {
            assertThatThrownBy(() -> RunDirectory.claim(run, RunDirectory.Start.RESUME, quiet))
                    .hasMessageContaining("(pid " + ProcessHandle.current().pid() + ",");
        }
        RunDirectory.claim(run, RunDirectory.Start.FRESH, quiet).close();
    }

    @Test
    void aFreshStartOverAnyPartOfARunIsRefusedAndTouchesNothing() throws Exception {
        for (String part : new String[] {"config.json", "checkpoint.json", "checkpoint-epoch-0003.safetensors",
                "results.json", "model/spanrel.json"}) {
            Path run = tmp.resolve("run-" + part.replace('/', '-'));
            Files.createDirectories(run.resolve(part).getParent());
            Files.writeString(run.resolve(part), "old");
            assertThatThrownBy(() -> RunDirectory.claim(run, RunDirectory.Start.FRESH, quiet)).as(part)
                    .isInstanceOf(SpanrelException.class)
                    .hasMessageContaining(run + " already holds a run (" + part.replace("/spanrel.json", "/") + ")")
                    .hasMessageContaining("--overwrite");
            assertThat(Files.readString(run.resolve(part))).isEqualTo("old");
        }
    }

    @Test
    void resumingAFinishedRunWithoutACheckpointIsRefused() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run/model"));
        Files.writeString(tmp.resolve("run/results.json"), "{}");
        assertThatThrownBy(() -> RunDirectory.claim(tmp.resolve("run"), RunDirectory.Start.RESUME, quiet))
                .hasMessageContaining("the run there has finished (results.json, model/)")
                .hasMessageContaining("nothing to do");
        // A run that never reached its first checkpoint (config.json only) starts again: what experiments rely on.
        Path started = Files.createDirectories(tmp.resolve("started"));
        Files.writeString(started.resolve("config.json"), "{}");
        try (RunDirectory claim = RunDirectory.claim(started, RunDirectory.Start.RESUME, quiet)) {
            assertThat(claim.trainingDir()).isEqualTo(started);
            assertThat(claim.resumes()).isTrue();
        }
        assertThat(run).exists();
    }

    @Test
    void anOverwriteTrainsAsideAndReplacesTheOldRunOnlyWhenFinished() throws Exception {
        Path run = oldRun(tmp.resolve("run"));
        Files.writeString(run.resolve("notes.txt"), "mine");
        try (RunDirectory claim = RunDirectory.claim(run, RunDirectory.Start.OVERWRITE, quiet)) {
            assertThat(claim.trainingDir()).isEqualTo(run.resolve(RunDirectory.STAGING));
            assertThat(claim.resumes()).isFalse();
            newRun(claim.trainingDir());
            // Until the new run is complete, the old one is all there is to see in the directory.
            assertThat(Files.readString(run.resolve("config.json"))).isEqualTo("old config");
            assertThat(Files.readString(run.resolve("model/model.safetensors"))).isEqualTo("old weights");
            claim.finish();
        }
        assertThat(Files.readString(run.resolve("config.json"))).isEqualTo("new config");
        assertThat(Files.readString(run.resolve("results.json"))).isEqualTo("new results");
        assertThat(Files.readString(run.resolve("model/model.safetensors"))).isEqualTo("new weights");
        assertThat(run.resolve("model/old-only.txt")).doesNotExist();
        assertThat(run.resolve("checkpoint.json")).doesNotExist();
        assertThat(run.resolve("checkpoint-epoch-0002.safetensors")).doesNotExist();
        assertThat(Files.readString(run.resolve("notes.txt"))).isEqualTo("mine");
        try (Stream<Path> left = Files.list(run)) {
            assertThat(left.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("config.json", "model", "notes.txt", "results.json", "run.lock");
        }
    }

    @Test
    void anOverwriteThatFailsBeforeItsFirstCheckpointLeavesTheOldRunAndNothingElse() throws Exception {
        Path run = oldRun(tmp.resolve("run"));
        try (RunDirectory claim = RunDirectory.claim(run, RunDirectory.Start.OVERWRITE, quiet)) {
            Files.writeString(claim.trainingDir().resolve("config.json"), "new config");
            // The training fails here (bad data, say): finish() is never called.
        }
        assertThat(run.resolve(RunDirectory.STAGING)).doesNotExist();
        assertThat(Files.readString(run.resolve("config.json"))).isEqualTo("old config");
        assertThat(Files.readString(run.resolve("results.json"))).isEqualTo("old results");
    }

    @Test
    void aReplacementKilledHalfwayIsFinishedByTheNextClaim() throws Exception {
        // Killed after the old run's files were removed and the new config moved up, before the rest.
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("config.json"), "new config");
        Path moving = Files.createDirectories(run.resolve(RunDirectory.MOVING).resolve("model"));
        Files.writeString(moving.resolve("model.safetensors"), "new weights");
        Files.writeString(moving.resolveSibling("results.json"), "new results");
        RunDirectory.claim(run, RunDirectory.Start.OVERWRITE, quiet).close();
        assertThat(Files.readString(run.resolve("config.json"))).isEqualTo("new config");
        assertThat(Files.readString(run.resolve("model/model.safetensors"))).isEqualTo("new weights");
        assertThat(Files.readString(run.resolve("results.json"))).isEqualTo("new results");
        assertThat(run.resolve(RunDirectory.MOVING)).doesNotExist();

        // Killed once the new run had its results, before anything of the old one was removed.
        Path other = oldRun(tmp.resolve("other"));
        newRun(Files.createDirectories(other.resolve(RunDirectory.STAGING)));
        assertThatThrownBy(() -> RunDirectory.claim(other, RunDirectory.Start.RESUME, quiet))
                .hasMessageContaining("has finished");
        assertThat(Files.readString(other.resolve("config.json"))).isEqualTo("new config");
        assertThat(Files.readString(other.resolve("model/model.safetensors"))).isEqualTo("new weights");
        assertThat(other.resolve(RunDirectory.STAGING)).doesNotExist();
    }

    @Test
    void resumeContinuesAnInterruptedOverwriteRatherThanTheOldRun() throws Exception {
        Path run = oldRun(tmp.resolve("run"));
        Path staging = Files.createDirectories(run.resolve(RunDirectory.STAGING));
        Files.writeString(staging.resolve("config.json"), "new config");
        try (RunDirectory claim = RunDirectory.claim(run, RunDirectory.Start.RESUME, quiet)) {
            assertThat(claim.trainingDir()).isEqualTo(staging);
            assertThat(claim.resumes()).isTrue();
        }
        assertThatThrownBy(() -> RunDirectory.claim(run, RunDirectory.Start.FRESH, quiet)).hasMessageContaining("already holds");
    }

    /** A finished run that had also kept a stray checkpoint, with files of its own in model/. */
    private static Path oldRun(Path run) throws Exception {
        Files.createDirectories(run.resolve("model"));
        Files.writeString(run.resolve("config.json"), "old config");
        Files.writeString(run.resolve("results.json"), "old results");
        Files.writeString(run.resolve("model/model.safetensors"), "old weights");
        Files.writeString(run.resolve("model/old-only.txt"), "old");
        Files.writeString(run.resolve("checkpoint.json"), "{}");
        Files.writeString(run.resolve("checkpoint-epoch-0002.safetensors"), "old tensors");
        return run;
    }

    private static void newRun(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("config.json"), "new config");
        Files.writeString(dir.resolve("model/model.safetensors"), "new weights");
        Files.writeString(dir.resolve("results.json"), "new results");
    }
}
