package dev.spanrel.cli;

import static dev.spanrel.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} over a directory that already holds a finished run: refused unless --overwrite, never half-replaced. */
class TrainCommandTest {
    @TempDir Path tmp;
    private Path runDir;
    private Path config;

    @BeforeEach
    void finishedRun() throws Exception {
        runDir = Files.createDirectories(tmp.resolve("runs/conll04/model"));
        runDir = runDir.getParent();
        Files.writeString(runDir.resolve("config.json"), "{\"seed\": 1}");
        Files.writeString(runDir.resolve("results.json"), "{}");
        Files.writeString(runDir.resolve("model/spanrel.json"), "{}");
        config = Files.writeString(tmp.resolve("config.json"),
                "{\"train\": \"none_train.json\", \"types\": \"none_types.json\", \"seed\": 2}");
    }

    @Test
    void aFreshTrainingOverAFinishedRunIsRefusedAndLeavesItsConfig() throws Exception {
        CommandsTest.Run r = run("train", "--config", config.toString(), "--data-dir", tmp.toString(), "--out", runDir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(runDir + " already holds a run (config.json, results.json, model/)", "--overwrite");
        assertThat(Files.readString(runDir.resolve("config.json"))).isEqualTo("{\"seed\": 1}");
    }

    @Test
    void resumingAFinishedRunSaysSoInsteadOfTrainingAgain() throws Exception {
        CommandsTest.Run r = run("train", "--config", config.toString(), "--data-dir", tmp.toString(), "--out", runDir.toString(),
                "--resume");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("the run there has finished", "nothing to do");
        assertThat(Files.readString(runDir.resolve("config.json"))).isEqualTo("{\"seed\": 1}");
    }

    @Test
    void resumeAndOverwriteTogetherAreRefused() {
        CommandsTest.Run r = run("train", "--config", config.toString(), "--out", runDir.toString(), "--resume", "--overwrite");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("give one of them");
    }

    @Test
    void anOverwriteThatFailsKeepsTheOldRunWhole() throws Exception {
        CommandsTest.Run r = run("train", "--config", config.toString(), "--data-dir", tmp.toString(), "--out", runDir.toString(),
                "--overwrite");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("none_types.json");
        assertThat(Files.readString(runDir.resolve("config.json"))).isEqualTo("{\"seed\": 1}");
        assertThat(runDir.resolve("results.json")).exists();
        assertThat(runDir.resolve("model/spanrel.json")).exists();
        assertThat(runDir.resolve(".overwrite")).doesNotExist();
    }
}
