package dev.spanrel.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.data.DataDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Summaries made from hand-written results.json files: the arithmetic, what counts, where files go. */
class ExperimentSummaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    private Plan plan() throws IOException {
        Files.writeString(tmp.resolve("base.json"), "{\"train\": \"x/train.json\", \"test\": \"x/test.json\", \"types\": \"x/types.json\"}");
        Path file = tmp.resolve("plan.json");
        Files.writeString(file, """
                {"name": "p", "description": "d", "cost": "c", "quick": {"set": ["epochs=2"], "seeds": [9], "folds": [1]},
                 "experiments": [
                   {"name": "exp", "dataset": "conll04", "variant": "v", "config": "base.json", "set": ["dropout=0.3"],
                    "seeds": [1, 2, 3, 4]},
                   {"name": "folded", "dataset": "ade", "config": "base.json", "seeds": [5],
                    "folds": {"count": 3, "train": "ade/{fold}/train.json", "test": "ade/{fold}/test.json"}}]}
                """);
        return Plan.read(file);
    }

    private ExperimentRunner runner(Plan plan, boolean quick) {
        ExperimentDirectories dirs = new ExperimentDirectories(tmp, tmp.resolve("runs"), tmp.resolve("results"));
        return new ExperimentRunner(plan, quick, dirs, DataDirectory.locate(Optional.of(tmp)),
                new PrintStream(OutputStream.nullOutputStream()), false);
    }

    /** An evaluation JSON whose every micro/macro P, R and F1 is {@code base}, except the ones given. */
    private static ObjectNode eval(double base, Map<String, Double> exceptions) {
        ObjectNode test = JSON.createObjectNode();
        for (String block : ScoreStatistics.BLOCKS) {
            for (String averaging : ScoreStatistics.AVERAGINGS) {
                ObjectNode prf = test.withObjectProperty(block).putObject(averaging);
                for (String measure : ScoreStatistics.MEASURES) {
                    prf.put(measure, exceptions.getOrDefault(block + "." + averaging + "." + measure, base));
                }
            }
            test.withObjectProperty(block).putObject("per_type").putObject("Loc").put("f1", base);
        }
        return test;
    }

    private static void writeResults(Path runDir, ObjectNode config, ObjectNode test, String commit) throws IOException {
        ObjectNode results = JSON.createObjectNode();
        results.set("test", test);
        results.set("config", config);
        results.put("wall_seconds", 3300.5);
        results.putObject("provenance").put("code_version", commit).put("created", "2026-11-25T10:00:00Z");
        results.putObject("test_relation_errors").put("gold", 422).put("found", 293);
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("results.json"), results.toPrettyString());
    }

    @Test
    void selectedSeedsNarrowTheRunsListedButNotTheSummary() throws IOException {
        Plan plan = plan();
        ExperimentRunner runner = runner(plan, false).selectSeeds(List.of(2L, 4L));
        assertThat(runner.status(List.of("exp"))).extracting(s -> s.run().seed()).containsExactly(2L, 4L);
        writeResults(tmp.resolve("runs/exp/seed-1"), runner.config(runner.runs(plan.experiment("exp")).get(0)).toJson(),
                eval(50, Map.of()), "abc");
        Path summary = runner.writeSummary(plan.experiment("exp")).orElseThrow();
        assertThat(JSON.readTree(summary.toFile()).get("runs").size()).isEqualTo(1);
        assertThatThrownBy(() -> runner(plan, false).selectSeeds(List.of(5L)).status(List.of("exp")))
                .hasMessageEndingWith("seed 5 is not a seed of [exp]");
    }

    @Test
    void selectedFoldsNarrowTheRunsOfAFoldedExperiment() throws IOException {
        Plan plan = plan();
        ExperimentRunner runner = runner(plan, false).selectFolds(List.of(2, 0));
        assertThat(runner.status(List.of("folded"))).extracting(s -> s.run().runDir()).containsExactly(
                tmp.resolve("runs/folded/fold-0/seed-5"), tmp.resolve("runs/folded/fold-2/seed-5"));
        // With both experiments selected, the one without folds has no run of the chosen folds.
        assertThat(runner.status(List.of())).extracting(s -> s.run().experiment().name()).containsOnly("folded");
        assertThatThrownBy(() -> runner.status(List.of("exp"))).hasMessageEndingWith("fold 2 is not a fold of [exp]");
        assertThatThrownBy(() -> runner(plan, false).selectFolds(List.of(3)).status(List.of("folded")))
                .hasMessageEndingWith("fold 3 is not a fold of [folded]");
    }

    @Test
    void meanAndSampleStdOverTheFinishedRuns() throws IOException {
        Plan plan = plan();
        ExperimentRunner runner = runner(plan, false);
        PlanExperiment exp = plan.experiment("exp");
        List<PlanRun> runs = runner.runs(exp);
        assertThat(runs).extracting(PlanRun::runDir).containsExactly(
                tmp.resolve("runs/exp/seed-1"), tmp.resolve("runs/exp/seed-2"), tmp.resolve("runs/exp/seed-3"), tmp.resolve("runs/exp/seed-4"));
        assertThat(runs.get(1).overrides()).containsExactly("dropout=0.3", "seed=2");

        // Entity micro F1 80, 82, 84: mean 82, sample std 2. Macro F1 50, 60, 70: mean 60, std 10.
        double[] entityMicro = {80, 82, 84};
        double[] relationMacro = {50, 60, 70};
        for (int i = 0; i < 3; i++) {
            writeResults(runs.get(i).runDir(), runner.config(runs.get(i)).toJson(),
                    eval(40, Map.of("entities.micro.f1", entityMicro[i], "relations_strict.macro.f1", relationMacro[i])), "abc123");
        }
        // Seed 4 finished with another config (epochs 2): it is not counted.
        writeResults(runs.get(3).runDir(), runner.config(runs.get(3)).with(List.of("epochs=2")).toJson(), eval(0, Map.of()), "abc123");

        Path file = runner.writeSummary(exp).orElseThrow();
        assertThat(file).isEqualTo(tmp.resolve("results/exp.json"));
        JsonNode summary = JSON.readTree(file.toFile());
        assertThat(summary.at("/test/entities/micro/f1").doubleValue()).isEqualTo(82.0);
        assertThat(summary.at("/test_std/entities/micro/f1").doubleValue()).isEqualTo(2.0);
        assertThat(summary.at("/test/relations_strict/macro/f1").doubleValue()).isEqualTo(60.0);
        assertThat(summary.at("/test_std/relations_strict/macro/f1").doubleValue()).isEqualTo(10.0);
        assertThat(summary.at("/test/relations_boundaries/micro/precision").doubleValue()).isEqualTo(40.0);
        assertThat(summary.at("/test_std/relations_boundaries/micro/precision").doubleValue()).isEqualTo(0.0);
        assertThat(summary.at("/test/entities/per_type").isMissingNode()).isTrue();

        assertThat(summary.get("name").asText()).isEqualTo("exp");
        assertThat(summary.get("plan").asText()).isEqualTo("plan.json");
        assertThat(summary.get("dataset").asText()).isEqualTo("conll04");
        assertThat(summary.get("variant").asText()).isEqualTo("v");
        assertThat(summary.get("setting").asText()).isEqualTo("micro, strict");
        assertThat(summary.get("quick").asBoolean()).isFalse();
        assertThat(summary.get("runs_done").asInt()).isEqualTo(3);
        assertThat(summary.get("runs_planned").asInt()).isEqualTo(4);
        assertThat(summary.get("complete").asBoolean()).isFalse();
        assertThat(summary.at("/config/seed").asLong()).isEqualTo(1);
        assertThat(summary.at("/config/dropout").asDouble()).isEqualTo(0.3);
        JsonNode first = summary.at("/runs/0");
        assertThat(first.get("seed").asLong()).isEqualTo(1);
        assertThat(first.get("fold").isNull()).isTrue();
        assertThat(first.get("run_dir").asText()).isEqualTo("runs/exp/seed-1");
        assertThat(first.at("/test/entities/micro/f1").doubleValue()).isEqualTo(80.0);
        assertThat(first.at("/test/entities/per_type/Loc/f1").doubleValue()).isEqualTo(40.0);
        assertThat(first.get("wall_seconds").asDouble()).isEqualTo(3300.5);
        assertThat(first.get("code_version").asText()).isEqualTo("abc123");
        assertThat(first.get("created").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(first.at("/test_relation_errors/found").asInt()).isEqualTo(293);

        // The report reads the summary back with the same numbers.
        ExperimentResult result = ExperimentResult.read(file);
        assertThat(result.f1("entities", "micro")).isEqualTo(new MeanStd(82.0, 2.0, 3));
        assertThat(result.f1("entities", "micro").format()).isEqualTo("82.00 ± 2.00");
    }

    @Test
    void runsRecordedInTheSummaryStayWhenTheirDirectoriesAreOnAnotherMachine() throws IOException {
        Plan plan = plan();
        ExperimentRunner runner = runner(plan, false);
        PlanExperiment exp = plan.experiment("exp");
        List<PlanRun> runs = runner.runs(exp);
        writeResults(runs.get(0).runDir(), runner.config(runs.get(0)).toJson(), eval(80, Map.of()), "first-machine");
        Path file = runner.writeSummary(exp).orElseThrow();
        // A new machine: seed 1's directory is gone, only the summary (kept in the repository) remembers it.
        deleteTree(tmp.resolve("runs"));
        writeResults(runs.get(1).runDir(), runner.config(runs.get(1)).toJson(), eval(84, Map.of()), "second-machine");
        JsonNode summary = JSON.readTree(runner.writeSummary(exp).orElseThrow().toFile());
        assertThat(summary.get("runs_done").asInt()).isEqualTo(2);
        assertThat(summary.at("/runs/0/seed").asLong()).isEqualTo(1);
        assertThat(summary.at("/runs/0/code_version").asText()).isEqualTo("first-machine");
        assertThat(summary.at("/runs/0/created").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(summary.at("/runs/0/wall_seconds").asDouble()).isEqualTo(3300.5);
        assertThat(summary.at("/runs/0/test_relation_errors/found").asInt()).isEqualTo(293);
        assertThat(summary.at("/runs/1/code_version").asText()).isEqualTo("second-machine");
        assertThat(summary.at("/test/entities/micro/f1").doubleValue()).isEqualTo(82.0);

        // Once the experiment's config changes, the old summary's runs are not its runs any more.
        Files.writeString(tmp.resolve("base.json"), "{\"train\": \"x/train.json\", \"test\": \"x/test.json\", "
                + "\"types\": \"x/types.json\", \"epochs\": 3}");
        Plan changed = Plan.read(tmp.resolve("plan.json"));
        ExperimentRunner after = runner(changed, false);
        List<PlanRun> changedRuns = after.runs(changed.experiment("exp"));
        writeResults(changedRuns.get(2).runDir(), after.config(changedRuns.get(2)).toJson(), eval(70, Map.of()), "third");
        JsonNode rewritten = JSON.readTree(after.writeSummary(changed.experiment("exp")).orElseThrow().toFile());
        assertThat(rewritten.get("runs_done").asInt()).isEqualTo(1);
        assertThat(rewritten.at("/runs/0/seed").asLong()).isEqualTo(3);
        assertThat(file).exists();
    }

    /**
     * A run made before a config key existed is summarised with the key named as one it predates, and stays so
     * when the summary is rewritten from itself on another machine, while a run that had the key lists none.
     */
    @Test
    void aRunMadeBeforeAKeyExistedIsListedWithTheKeysItPredates() throws IOException {
        Plan plan = plan();
        ExperimentRunner runner = runner(plan, false);
        PlanExperiment exp = plan.experiment("exp");
        List<PlanRun> runs = runner.runs(exp);
        ObjectNode old = runner.config(runs.get(0)).toJson();
        old.remove("maxPassSubTokens");
        writeResults(runs.get(0).runDir(), old, eval(80, Map.of()), "before-the-key");
        JsonNode first = JSON.readTree(runner.writeSummary(exp).orElseThrow().toFile());
        assertThat(first.at("/runs/0/" + ExperimentSummary.PREDATED_KEYS)).hasSize(1);
        assertThat(first.at("/runs/0/" + ExperimentSummary.PREDATED_KEYS + "/0").asText()).isEqualTo("maxPassSubTokens");
        assertThat(first.at("/config/maxPassSubTokens").isInt()).isTrue();

        deleteTree(tmp.resolve("runs"));
        writeResults(runs.get(1).runDir(), runner.config(runs.get(1)).toJson(), eval(84, Map.of()), "with-the-key");
        JsonNode rewritten = JSON.readTree(runner.writeSummary(exp).orElseThrow().toFile());
        assertThat(rewritten.get("runs_done").asInt()).isEqualTo(2);
        assertThat(rewritten.at("/runs/0/" + ExperimentSummary.PREDATED_KEYS + "/0").asText()).isEqualTo("maxPassSubTokens");
        assertThat(rewritten.at("/runs/1").has(ExperimentSummary.PREDATED_KEYS)).isFalse();
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aSingleRunHasZeroSpread() throws IOException {
        Plan plan = plan();
        ExperimentRunner runner = runner(plan, false);
        PlanRun run = runner.runs(plan.experiment("exp")).get(0);
        writeResults(run.runDir(), runner.config(run).toJson(), eval(71.5, Map.of()), "abc");
        JsonNode summary = JSON.readTree(runner.writeSummary(plan.experiment("exp")).orElseThrow().toFile());
        assertThat(summary.at("/test/relations_strict/micro/f1").doubleValue()).isEqualTo(71.5);
        assertThat(summary.at("/test_std/relations_strict/micro/f1").doubleValue()).isEqualTo(0.0);
        assertThat(summary.get("runs_done").asInt()).isEqualTo(1);
    }

    @Test
    void noFinishedRunWritesNoSummary() throws IOException {
        Plan plan = plan();
        assertThat(runner(plan, false).writeSummary(plan.experiment("exp"))).isEmpty();
        assertThat(tmp.resolve("results")).doesNotExist();
    }

    @Test
    void foldsAndQuickRunsGetTheirOwnDirectories() throws IOException {
        Plan plan = plan();
        List<PlanRun> full = runner(plan, false).runs(plan.experiment("folded"));
        assertThat(full).extracting(PlanRun::runDir).containsExactly(
                tmp.resolve("runs/folded/fold-0/seed-5"), tmp.resolve("runs/folded/fold-1/seed-5"), tmp.resolve("runs/folded/fold-2/seed-5"));
        assertThat(full.get(2).overrides()).containsExactly("train=ade/2/train.json", "test=ade/2/test.json", "seed=5");

        ExperimentRunner quick = runner(plan, true);
        List<PlanRun> quickRuns = quick.runs(plan.experiment("folded"));
        assertThat(quickRuns).extracting(PlanRun::runDir).containsExactly(tmp.resolve("runs/folded-quick/fold-1/seed-9"));
        assertThat(quickRuns.get(0).overrides()).containsExactly("epochs=2", "train=ade/1/train.json", "test=ade/1/test.json", "seed=9");
        assertThat(quick.runs(plan.experiment("exp")).get(0).overrides()).containsExactly("dropout=0.3", "epochs=2", "seed=9");
        assertThat(quick.summaryFile(plan.experiment("exp"))).isEqualTo(tmp.resolve("results/exp-quick.json"));
        assertThat(quick.config(quickRuns.get(0)).optimization().epochs()).isEqualTo(2);
    }
}
