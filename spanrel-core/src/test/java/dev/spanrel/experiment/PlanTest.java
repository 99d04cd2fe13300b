package dev.spanrel.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanTest {
    @TempDir Path tmp;

    private static final String GOOD = """
            {"name": "table1", "description": "d", "cost": "about 1 hour",
             "quick": {"set": ["epochs=2", "limit=200"], "seeds": [1], "folds": [0]},
             "experiments": [
               {"name": "conll04-bert", "dataset": "conll04", "variant": "paper", "config": "configs/conll04.json",
                "set": ["dropout=0.1"], "seeds": [1, 2, 3], "setting": "micro, strict"},
               {"name": "ade-bert", "dataset": "ade", "config": "configs/ade.json", "seeds": [1],
                "folds": {"count": 10, "train": "ade/ade_split_{fold}_train.json", "test": "ade/ade_split_{fold}_test.json"}},
               {"name": "scierc-noise-20", "dataset": "scierc", "config": "configs/scierc.json", "seeds": [4],
                "set": ["trainNoiseRate=0.2"], "noiseRate": 0.2, "_comment": "ignored"}
             ]}
            """;

    private Path write(String json) throws IOException {
        Path file = tmp.resolve("plan.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void readsEveryField() throws IOException {
        Plan plan = Plan.read(write(GOOD));
        assertThat(plan.name()).isEqualTo("table1");
        assertThat(plan.cost()).isEqualTo("about 1 hour");
        assertThat(plan.quick().orElseThrow().set()).containsExactly("epochs=2", "limit=200");
        assertThat(plan.quick().orElseThrow().folds()).containsExactly(0);
        assertThat(plan.experiments()).hasSize(3);

        PlanExperiment conll = plan.experiment("conll04-bert");
        assertThat(conll.seeds()).containsExactly(1L, 2L, 3L);
        assertThat(conll.set()).containsExactly("dropout=0.1");
        assertThat(conll.folds()).isEmpty();
        assertThat(conll.noiseRate()).isEmpty();

        PlanExperiment ade = plan.experiment("ade-bert");
        assertThat(ade.variant()).isEqualTo("ade-bert");
        assertThat(ade.setting()).isEqualTo("macro, strict");
        assertThat(ade.folds().orElseThrow().trainFile(7)).isEqualTo("ade/ade_split_7_train.json");

        PlanExperiment noisy = plan.experiment("scierc-noise-20");
        assertThat(noisy.noiseRate().getAsDouble()).isEqualTo(0.2);
        assertThat(noisy.setting()).isEqualTo("micro, boundaries");
        assertThat(noisy.set()).containsExactly("trainNoiseRate=0.2"); // passed through, not checked here
    }

    @Test
    void badPlansNameTheFileAndTheField() throws IOException {
        assertError(GOOD.replace("\"seeds\": [1, 2, 3]", "\"seeds\": []"),
                "plan.json: experiments[0].seeds: expected a non-empty list of integers");
        assertError(GOOD.replace("\"seeds\": [4]", "\"seeds\": [\"four\"]"),
                "plan.json: experiments[2].seeds: expected a non-empty list of integers");
        assertError(GOOD.replace("\"config\": \"configs/ade.json\", ", ""), "plan.json: experiments[1].config: missing");
        assertError(GOOD.replace("\"variant\": \"paper\"", "\"varaint\": \"paper\""),
                "plan.json: experiments[0].varaint: unknown key; known: config, dataset");
        assertError(GOOD.replace("\"name\": \"ade-bert\"", "\"name\": \"conll04-bert\""),
                "plan.json: experiments[1].name: 'conll04-bert' is used by an earlier experiment");
        assertError(GOOD.replace("ade_split_{fold}_test", "ade_split_0_test"),
                "plan.json: experiments[1].folds.test: the file pattern must contain {fold}");
        assertError(GOOD.replace("\"noiseRate\": 0.2", "\"noiseRate\": 20"),
                "plan.json: experiments[2].noiseRate: expected a number in [0, 1), got 20");
        assertError(GOOD.replace("\"dropout=0.1\"", "\"dropout\""), "plan.json: experiments[0].set: expected \"key=value\"");
        assertError(GOOD.replace("\"name\": \"conll04-bert\"", "\"name\": \"conll04-quick\""),
                "plan.json: experiments[0].name: 'conll04-quick' ends with '-quick'");
        assertError(GOOD.replace("\"name\": \"conll04-bert\"", "\"name\": \"../escape\""),
                "plan.json: experiments[0].name: '../escape' is not usable as a file name");
        assertError(GOOD.replace("\"cost\": \"about 1 hour\",", ""), "plan.json: cost: missing");
        assertError(GOOD.replace("\"folds\": [0]", "\"folds\": [-1]"), "plan.json: quick.folds: expected fold numbers");
        assertError("{\"name\": \"x\", \"description\": \"d\", \"cost\": \"c\", \"experiments\": []}",
                "plan.json: experiments: expected a non-empty list of experiments");
        assertError("{\"name\": \"x\",", "plan.json: not valid JSON");
    }

    @Test
    void aRescoringExperimentMustNameATrainingOneWithItsSeedsAndFolds() throws IOException {
        String rescoring = "\"_comment\": \"ignored\"";
        assertError(GOOD.replace(rescoring, "\"rescores\": \"nope\""),
                "plan.json: experiments[2].rescores: no experiment named 'nope' in the plan");
        assertError(GOOD.replace(rescoring, "\"rescores\": \"conll04-bert\""),
                "plan.json: experiments[2].rescores: seeds [4] are not all seeds of 'conll04-bert' [1, 2, 3]");
        assertError(GOOD.replace("\"seeds\": [4]", "\"seeds\": [1]").replace(rescoring, "\"rescores\": \"ade-bert\""),
                "plan.json: experiments[2].rescores: 'ade-bert' has other folds");
        Plan plan = Plan.read(write(GOOD.replace("\"seeds\": [4]", "\"seeds\": [2]").replace(rescoring, "\"rescores\": \"conll04-bert\"")));
        assertThat(plan.experiment("scierc-noise-20").rescores()).contains("conll04-bert");
        assertThat(plan.experiment("conll04-bert").isRescoring()).isFalse();
    }

    @Test
    void unknownExperimentAndMissingQuickSettingsAreClearErrors() throws IOException {
        Plan plan = Plan.read(write(GOOD.replace(
                "\"quick\": {\"set\": [\"epochs=2\", \"limit=200\"], \"seeds\": [1], \"folds\": [0]},", "")));
        assertThatThrownBy(() -> plan.experiment("nope")).isInstanceOf(SpanrelException.class)
                .hasMessageContaining("plan.json: no experiment named 'nope'; the plan has: conll04-bert, ade-bert, scierc-noise-20");
        assertThatThrownBy(plan::quickOrFail).isInstanceOf(SpanrelException.class)
                .hasMessageContaining("plan.json: quick: the plan has no quick settings");
    }

    /** The plans shipped in experiments/ parse, and every config they name exists. */
    @Test
    void shippedPlansAreValid() throws IOException {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        List<Path> plans;
        try (Stream<Path> files = Files.list(repository.resolve("experiments"))) {
            plans = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(plans).extracting(p -> p.getFileName().toString())
                .contains("table1.json", "table2-noise.json", "ablations.json");
        for (Path file : plans) {
            Plan plan = Plan.read(file);
            assertThat(plan.cost()).as(file.toString()).containsIgnoringCase("hours");
            assertThat(plan.quick()).as(file.toString()).isPresent();
            for (PlanExperiment experiment : plan.experiments()) {
                assertThat(repository.resolve(experiment.config())).as(file + ": " + experiment.name()).isRegularFile();
            }
        }
    }

    private void assertError(String json, String message) throws IOException {
        Path file = write(json);
        assertThatThrownBy(() -> Plan.read(file)).isInstanceOf(SpanrelException.class)
                .hasMessageContaining(message)
                .hasMessageStartingWith(file.toString());
    }
}
