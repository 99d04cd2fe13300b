package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spanrel experiment} without training: dry runs and plan errors. */
class ExperimentCommandTest {
    @TempDir Path tmp;

    @Test
    void dryRunTrainsNothingAndWritesNothing() throws IOException {
        Path config = tmp.resolve("c.json");
        Files.writeString(config, "{\"train\": \"conll04/conll04_train.json\", \"types\": \"conll04/conll04_types.json\"}");
        Path plan = tmp.resolve("plan.json");
        Files.writeString(plan, "{\"name\": \"p\", \"description\": \"d\", \"cost\": \"c\", \"experiments\": [{\"name\": \"e\","
                + " \"dataset\": \"conll04\", \"config\": \"" + config + "\", \"seeds\": [1, 2]}]}");
        CommandsTest.Run r = CommandsTest.run("experiment", "--plan", plan.toString(), "--dry-run",
                "--runs", tmp.resolve("runs").toString(), "--results", tmp.resolve("results").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(tmp.resolve("runs")).doesNotExist();
        assertThat(tmp.resolve("results")).doesNotExist();
    }

    @Test
    void summarizeCountsFinishedRunsAndTrainsNothing() throws IOException {
        Path config = tmp.resolve("c.json");
        Files.writeString(config, "{\"train\": \"conll04/conll04_train.json\", \"test\": \"conll04/conll04_test.json\","
                + " \"types\": \"conll04/conll04_types.json\"}");
        Path plan = tmp.resolve("plan.json");
        Files.writeString(plan, "{\"name\": \"p\", \"description\": \"d\", \"cost\": \"c\", \"experiments\": [{\"name\": \"e\","
                + " \"dataset\": \"conll04\", \"config\": \"" + config + "\", \"seeds\": [1, 2]}]}");
        // Seed 1 finished (as `train --out runs/e/seed-1` leaves it); seed 2 never started.
        Path seed1 = tmp.resolve("runs/e/seed-1");
        Files.createDirectories(seed1);
        String prf = "{\"precision\": 80.0, \"recall\": 60.0, \"f1\": 68.5}";
        String block = "{\"micro\": " + prf + ", \"macro\": " + prf + ", \"per_type\": {}}";
        Files.writeString(seed1.resolve("results.json"), "{\"test\": {\"entities\": " + block + ", \"relations_strict\": " + block
                + ", \"relations_boundaries\": " + block + "}, \"config\": {\"seed\": 1}, \"wall_seconds\": 10}");

        CommandsTest.Run r = CommandsTest.run("experiment", "--plan", plan.toString(), "--summarize",
                "--runs", tmp.resolve("runs").toString(), "--results", tmp.resolve("results").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(tmp.resolve("runs/e/seed-2")).doesNotExist();
        String summary = Files.readString(tmp.resolve("results/e.json"));
        assertThat(summary).contains("\"runs_done\" : 1", "\"runs_planned\" : 2", "\"complete\" : false", "68.5");
    }

    @Test
    void badPlanFailsWithFileAndField() throws IOException {
        Path plan = tmp.resolve("bad.json");
        Files.writeString(plan, "{\"name\": \"p\", \"description\": \"d\", \"cost\": \"c\", \"experiments\": [{\"name\": \"e\","
                + " \"dataset\": \"conll04\", \"config\": \"c.json\", \"seeds\": \"1\"}]}");
        CommandsTest.Run r = CommandsTest.run("experiment", "--plan", plan.toString(), "--dry-run");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: " + plan + ": experiments[0].seeds: expected a non-empty list of integers, got \"1\"");
    }

    @Test
    void quickNeedsQuickSettingsAndOnlyNeedsAKnownName() throws IOException {
        Path plan = tmp.resolve("plan.json");
        Files.writeString(plan, "{\"name\": \"p\", \"description\": \"d\", \"cost\": \"c\", \"experiments\": [{\"name\": \"e\","
                + " \"dataset\": \"conll04\", \"config\": \"c.json\", \"seeds\": [1]}]}");
        CommandsTest.Run quick = CommandsTest.run("experiment", "--plan", plan.toString(), "--dry-run", "--quick");
        assertThat(quick.err()).contains(plan + ": quick: the plan has no quick settings");
        CommandsTest.Run only = CommandsTest.run("experiment", "--plan", plan.toString(), "--dry-run", "--only", "x");
        assertThat(only.err()).contains(plan + ": no experiment named 'x'; the plan has: e");
    }
}
