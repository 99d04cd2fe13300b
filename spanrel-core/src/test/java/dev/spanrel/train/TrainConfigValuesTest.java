package dev.spanrel.train;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainConfigValuesTest {
    @TempDir Path tmp;

    private Path config(String json) throws IOException {
        return Files.writeString(tmp.resolve("run.json"), json);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "epochs              | -1   | must be at least 1",
            "epochs              | 0    | must be at least 1",
            "batchSize           | 0    | must be at least 1",
            "evalBatchSize       | 0    | must be at least 1",
            "learningRate        | -1   | must be greater than 0",
            "learningRate        | 0    | must be greater than 0",
            "weightDecay         | -0.1 | must be at least 0",
            "warmup              | 1.5  | must be in [0, 1]",
            "warmup              | -0.1 | must be in [0, 1]",
            "maxGradNorm         | -1   | must be at least 0",
            "negativeRatio       | -3   | must be at least 0",
            "negativeEntityCount | -1   | must be at least 0",
            "negativeRelationCount | -1 | must be at least 0",
            "maxSpanSize         | 0    | must be in [1, 99]",
            "maxSpanSize         | 100  | must be in [1, 99]",
            "widthEmbeddingSize  | 0    | must be at least 1",
            "dropout             | 2    | must be in [0, 1)",
            "dropout             | 1    | must be in [0, 1)",
            "dropout             | -0.2 | must be in [0, 1)",
            "entityTemperature   | 0    | must be greater than 0",
            "relationTemperature | -1   | must be greater than 0",
            "relationThreshold   | 7    | must be in [0, 1]",
            "relationThreshold   | -0.1 | must be in [0, 1]",
            "limit               | -1   | must be at least 0",
            "trainNoiseRate      | 1.5  | must be in [0, 1)",
            "polyEpsilon         | 1e999 | must be a finite number",
    })
    void aValueOutOfRangeNamesTheFileTheKeyAndTheValue(String key, String value, String rule) throws IOException {
        Path file = config("{\"" + key + "\": " + value + "}");
        String shown = new com.fasterxml.jackson.databind.ObjectMapper().readTree(value).toString();
        assertThatThrownBy(() -> TrainConfig.read(file, List.of())).isInstanceOf(SpanrelException.class)
                .hasMessage(file + ": " + key + " " + rule + ", got " + shown);
        // The same value through --set says so as well.
        Path clean = config("{}");
        assertThatThrownBy(() -> TrainConfig.read(clean, List.of(key + "=" + value)))
                .hasMessage(clean + ": " + key + " " + rule + ", got " + shown + " (from --set " + key + "=" + value + ")");
        assertThatThrownBy(() -> TrainConfig.defaults().with(List.of(key + "=" + value)))
                .hasMessage(key + " " + rule + ", got " + shown + " (from --set " + key + "=" + value + ")");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheFileAndTheKey() throws IOException {
        Path file = config("{\"epochs\": \"20\"}");
        assertThatThrownBy(() -> TrainConfig.read(file, List.of()))
                .hasMessage(file + ": epochs must be an integer, got \"20\"");
        Path fraction = config("{\"batchSize\": 2.5}");
        assertThatThrownBy(() -> TrainConfig.read(fraction, List.of()))
                .hasMessage(fraction + ": batchSize must be an integer, got 2.5");
        Path text = config("{\"learningRate\": \"fast\"}");
        assertThatThrownBy(() -> TrainConfig.read(text, List.of()))
                .hasMessage(text + ": learningRate must be a number, got \"fast\"");
        Path flag = config("{\"relationUsesEntityTypes\": 1}");
        assertThatThrownBy(() -> TrainConfig.read(flag, List.of()))
                .hasMessage(flag + ": relationUsesEntityTypes must be true or false, got 1");
        Path name = config("{\"train\": 5}");
        assertThatThrownBy(() -> TrainConfig.read(name, List.of()))
                .hasMessage(name + ": train must be a string, got 5");
        Path nothing = config("{\"epochs\": null}");
        assertThatThrownBy(() -> TrainConfig.read(nothing, List.of()))
                .hasMessage(nothing + ": epochs must be an integer, got null");
        Path clean = config("{}");
        assertThatThrownBy(() -> TrainConfig.read(clean, List.of("epochs=2.5")))
                .hasMessage(clean + ": epochs must be an integer, got 2.5 (from --set epochs=2.5)");
        assertThatThrownBy(() -> TrainConfig.read(clean, List.of("epochs=5 6")))
                .hasMessage("--set epochs: '5 6' is not a valid number");
    }

    @Test
    void aConfigFileWithContentAfterItsObjectIsRefused() throws IOException {
        Path file = config("{\"epochs\": 3}\n{\"epochs\": 5}\n");
        assertThatThrownBy(() -> TrainConfig.read(file, List.of()))
                .hasMessage(file + ": unexpected content after the JSON value, at line 2, column 1 (a file holds one JSON value)");
    }

    @Test
    void edgeValuesThatMeanSomethingAreAccepted() throws IOException {
        Path file = config("{\"epochs\": 1, \"negativeRatio\": 0, \"maxGradNorm\": 0, \"warmup\": 0, \"dropout\": 0,"
                + " \"relationThreshold\": 1, \"polyEpsilon\": -1, \"weightDecay\": 0, \"maxSpanSize\": 99, \"learningRate\": 1}");
        TrainConfig config = TrainConfig.read(file, List.of("warmup=1", "relationThreshold=0", "trainNoiseRate=0"));
        assertThat(config.optimization().epochs()).isEqualTo(1);
        assertThat(config.losses().polyEpsilon()).isEqualTo(-1.0);
        assertThat(config.optimization().warmup()).isEqualTo(1.0);
        assertThat(config.optimization().learningRate()).isEqualTo(1.0);
    }

    @Test
    void everyShippedConfigIsValid() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "configs"))) {
            List<Path> configs = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(configs).isNotEmpty();
            for (Path file : configs) {
                assertThat(TrainConfig.read(file, List.of()).optimization().epochs()).as(file.toString()).isPositive();
            }
        }
    }

    @Test
    void theCheckpointIdentityOfAFloat32TrainingIsUnchanged() {
        // A checkpoint records this digest; were it to change, every existing run would refuse to resume. Runs begun
        // when float32 was the default resume under precision=fp32 (or under the default where auto resolves to it).
        assertThat(TrainConfig.defaults().with(List.of("precision=fp32")).identityJson().toString()).isEqualTo("{\"train\":\"\",\"dev\":\"\",\"test\":\"\","
                + "\"types\":\"\",\"encoder\":\"bert-base-cased\",\"epochs\":20,\"batchSize\":8,\"evalBatchSize\":16,"
                + "\"learningRate\":5.0E-5,\"weightDecay\":0.01,\"warmup\":0.1,\"maxGradNorm\":1.0,\"seed\":1,"
                + "\"negativeRatio\":30,\"negativeEntityCount\":0,\"negativeRelationCount\":0,\"maxSpanSize\":10,"
                + "\"widthEmbeddingSize\":50,\"dropout\":0.2,\"entityTemperature\":1.0,\"relationTemperature\":1.0,"
                + "\"polyEpsilon\":1.0,\"relationThreshold\":0.4,\"relationUsesEntityTypes\":false,\"limit\":0,"
                + "\"evalDropOverlapping\":false}");
    }
}
