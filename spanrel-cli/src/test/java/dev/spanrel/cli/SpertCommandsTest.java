package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import-spert and export-spert as bin/spanrel runs them, on the model SpERT trained (spert-tiny-conll04). */
class SpertCommandsTest {
    @TempDir Path tmp;

    private static Path fixture() {
        return CommandsTest.data().resolveSibling("fixtures").resolve("spert-tiny-conll04");
    }

    @Test
    void anImportedModelEvaluatesAsSpertDidAndExports() throws IOException {
        Path model = tmp.resolve("model");
        String types = CommandsTest.data().resolve("conll04/conll04_types.json").toString();
        CommandsTest.Run imported = CommandsTest.run("import-spert", "--checkpoint", fixture().resolve("model").toString(),
                "--types", types, "--spert-config", fixture().resolve("train.conf").toString(), "--out", model.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("2 layers, hidden 64, 4 heads", "4 entity, 5 relation",
                "size embedding 100 x 25, max span size 10, relation threshold 0.4");

        CommandsTest.Run eval = CommandsTest.run("eval", "--model", model.toString(), "--data",
                CommandsTest.data().resolve("conll04/conll04_test.json").toString(), "--json");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode scores = new ObjectMapper().readTree(eval.out());
        assertThat(scores.at("/entities/micro/f1").doubleValue()).isCloseTo(58.79, within(0.01));
        assertThat(scores.at("/relations_strict/micro/f1").doubleValue()).isCloseTo(24.97, within(0.01));
        assertThat(scores.at("/relations_boundaries/micro/f1").doubleValue()).isCloseTo(24.97, within(0.01));

        Path spert = tmp.resolve("spert");
        CommandsTest.Run exported = CommandsTest.run("export-spert", "--model", model.toString(), "--out", spert.toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(spert.resolve("pytorch_model.bin")).exists();
        assertThat(Files.readString(spert.resolve("config.json"))).contains("\"spert_version\" : \"1.1\"");
        assertThat(spert.resolve("types.json")).exists();
    }

    @Test
    void aTypesFileThatDoesNotFitIsAnErrorNamingTheTensor() throws IOException {
        Path types = tmp.resolve("types.json");
        Files.writeString(types, "{\"entities\": {\"Loc\": {\"short\": \"Loc\", \"verbose\": \"Location\"}}, \"relations\": {}}");
        CommandsTest.Run r = CommandsTest.run("import-spert", "--checkpoint", fixture().resolve("model").toString(),
                "--types", types.toString(), "--out", tmp.resolve("model").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: ", "pytorch_model.bin: tensor 'entity_classifier.weight' has 5 rows but "
                + types + " needs 2");
        assertThat(tmp.resolve("model")).doesNotExist();
    }
}
