package dev.spanrel.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.testing.TinyTask;
import dev.spanrel.train.TrainingListener;
import dev.spanrel.train.TrainingRun;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner on a tiny encoder and four sentences: a finished run is skipped, an interrupted one resumes from its
 * checkpoint, a new one trains, and the summary counts all three.
 */
class ExperimentRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void skipsFinishedRunsResumesPartialOnesAndSummarisesAll() throws Exception {
        TinyTask task = TinyTask.firstConll04Sentences(tmp, 4);
        Plan plan = tinyPlan(task, 2, """
                [{"name": "tiny", "dataset": "conll04", "config": "tiny.json", "seeds": [1, 2, 3]}]
                """);
        DataDirectory dataDir = task.data();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ExperimentRunner runner = runner(plan, dataDir, log);
        List<PlanRun> runs = runner.runs(plan.experiment("tiny"));

        // Seed 1 finished earlier (made by hand here, so retraining it would show); seed 2 stopped after epoch 1.
        Path done = runs.get(0).runDir();
        Files.createDirectories(done);
        String handMade = results(runner.config(runs.get(0)).toJson(), 77.0).toPrettyString();
        Files.writeString(done.resolve("results.json"), handMade);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertThatThrownBy(() -> new TrainingRun(runner.config(runs.get(1)), dataDir, quiet, false, TrainingListener.afterEpoch(epochs -> {
            throw new IllegalStateException("killed after epoch " + epochs);
        })).train(runs.get(1).runDir(), true)).hasMessage("killed after epoch 1");

        assertThat(runner.status(List.of())).extracting(ExperimentRunner.RunStatus::state)
                .containsExactly(RunState.DONE, RunState.PARTIAL, RunState.TODO);
        assertThat(runner.status(List.of()).get(1).detail()).isEqualTo("1 of 2 epochs done");

        runner.run(List.of());

        String out = log.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("run 1/3: tiny seed 1: done", "run 2/3: tiny seed 2 (resuming: 1 of 2 epochs done)",
                "resuming after epoch 1", "run 3/3: tiny seed 3 in ");
        assertThat(Files.readString(done.resolve("results.json"))).isEqualTo(handMade);
        assertThat(done.resolve("model")).doesNotExist();
        for (PlanRun run : runs.subList(1, 3)) {
            assertThat(run.runDir().resolve("results.json")).exists();
            assertThat(run.runDir().resolve("checkpoint.json")).doesNotExist();
        }
        assertThat(runner.status(List.of())).extracting(ExperimentRunner.RunStatus::state).containsOnly(RunState.DONE);

        JsonNode summary = JSON.readTree(tmp.resolve("results/tiny.json").toFile());
        assertThat(summary.get("runs_done").asInt()).isEqualTo(3);
        assertThat(summary.get("complete").asBoolean()).isTrue();
        assertThat(summary.at("/runs/0/test/entities/micro/f1").asDouble()).isEqualTo(77.0);
        assertThat(summary.at("/runs/2/seed").asLong()).isEqualTo(3);
        assertThat(summary.at("/runs/2/test/entities/micro/f1").isNumber()).isTrue();
    }

    @Test
    void rescoringScoresTheTrainedModelsAgainAndRefusesAnotherTraining() throws Exception {
        TinyTask task = TinyTask.firstConll04Sentences(tmp, 4);
        // 40 epochs: enough for the tiny model to predict relations, so the threshold has something to act on.
        Plan plan = tinyPlan(task, 40, """
                [{"name": "same-threshold", "dataset": "conll04", "config": "tiny.json", "seeds": [1], "rescores": "tiny"},
                 {"name": "every-pair", "dataset": "conll04", "config": "tiny.json", "seeds": [1], "rescores": "tiny",
                  "set": ["relationThreshold=0"]},
                 {"name": "other-dropout", "dataset": "conll04", "config": "tiny.json", "seeds": [1], "rescores": "tiny",
                  "set": ["dropout=0.1"]},
                 {"name": "tiny", "dataset": "conll04", "config": "tiny.json", "seeds": [1]}]
                """);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ExperimentRunner runner = runner(plan, task.data(), log);

        runner.run(List.of("same-threshold"));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("run 1/1: same-threshold seed 1: waits for tiny seed 1 to finish training");
        assertThat(runner.status(List.of("same-threshold")).get(0).detail()).isEqualTo("rescores tiny seed 1, which has not finished");

        // Training comes first whatever the plan's order; then the model is scored again without training.
        runner.run(List.of("same-threshold", "every-pair", "tiny"));
        JsonNode trained = JSON.readTree(tmp.resolve("runs/tiny/seed-1/results.json").toFile());
        JsonNode same = JSON.readTree(tmp.resolve("runs/same-threshold/seed-1/results.json").toFile());
        JsonNode everyPair = JSON.readTree(tmp.resolve("runs/every-pair/seed-1/results.json").toFile());
        assertThat(tmp.resolve("runs/same-threshold/seed-1/model")).doesNotExist();
        // The trainer's own test evaluation and the rescoring of its saved model agree to the last digit.
        assertThat(same.get("test")).isEqualTo(trained.get("test"));
        assertThat(same.get("wall_seconds").asDouble()).isEqualTo(trained.get("wall_seconds").asDouble());
        assertThat(same.at("/provenance/rescored/trained_run").asText()).endsWith("seed-1");
        assertThat(same.at("/provenance/seed").asLong()).isEqualTo(1);
        // At threshold 0 every pair of predicted entities gets every relation type: more found, more of them wrong.
        assertThat(trained.at("/test/relations_strict/micro/precision").asDouble()).isPositive(); // learnt relations
        assertThat(everyPair.at("/config/relationThreshold").asDouble()).isZero();
        assertThat(everyPair.at("/test/relations_strict/micro/precision").asDouble())
                .isLessThan(trained.at("/test/relations_strict/micro/precision").asDouble());
        assertThat(everyPair.at("/test/entities")).isEqualTo(trained.at("/test/entities"));
        JsonNode summary = JSON.readTree(tmp.resolve("results/every-pair.json").toFile());
        assertThat(summary.get("rescores").asText()).isEqualTo("tiny");
        assertThat(summary.get("runs_done").asInt()).isEqualTo(1);

        assertThat(runner.status(List.of("other-dropout")).get(0).detail())
                .isEqualTo("cannot rescore tiny seed 1: trained with another config (dropout: 0.0 in results.json, 0.1 in the plan)");
        assertThatThrownBy(() -> runner.run(List.of("other-dropout")))
                .hasMessageContaining("trained with another config than this one, beyond what acts after training (dropout: 0.0");
        assertThat(tmp.resolve("runs/other-dropout/seed-1/results.json")).doesNotExist();
    }

    /** Writes {@code tiny.json} (the tiny task at settings that learn fast) and a plan with these experiments. */
    private Plan tinyPlan(TinyTask task, int epochs, String experiments) throws Exception {
        ObjectNode config = JSON.createObjectNode().put("train", task.train().toString()).put("test", task.train().toString())
                .put("types", task.typesFile().toString()).put("encoder", task.encoder().toString()).put("epochs", epochs)
                .put("batchSize", 4).put("learningRate", 0.003).put("warmup", 0.0).put("dropout", 0.0);
        Files.writeString(tmp.resolve("tiny.json"), config.toPrettyString());
        Path planFile = tmp.resolve("plan.json");
        Files.writeString(planFile, "{\"name\": \"tiny-plan\", \"description\": \"d\", \"cost\": \"seconds\", \"experiments\": "
                + experiments + "}");
        return Plan.read(planFile);
    }

    private ExperimentRunner runner(Plan plan, DataDirectory data, ByteArrayOutputStream log) {
        return new ExperimentRunner(plan, false, new ExperimentDirectories(tmp, tmp.resolve("runs"), tmp.resolve("results")),
                data, new PrintStream(log, true, StandardCharsets.UTF_8), false);
    }

    private static ObjectNode results(ObjectNode config, double f1) {
        ObjectNode results = JSON.createObjectNode();
        ObjectNode test = results.putObject("test");
        for (String block : ScoreStatistics.BLOCKS) {
            for (String averaging : ScoreStatistics.AVERAGINGS) {
                test.withObjectProperty(block).putObject(averaging).put("precision", f1).put("recall", f1).put("f1", f1);
            }
        }
        results.set("config", config);
        results.putObject("provenance").put("code_version", "handmade").put("created", "2026-01-01T00:00:00Z");
        return results;
    }
}
