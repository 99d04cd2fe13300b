package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.SharedFolder;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.testing.TinyEncoder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that dies after an epoch resumes from its checkpoint and ends where an uninterrupted run ends. */
class ResumeTest {
    @TempDir Path tmp;

    @Test
    void interruptedRunResumesToTheSameResult() throws Exception {
        Path data = SharedFolder.path().resolve("data");
        TypeSystem types = SpertJson.readTypes(data.resolve("conll04/conll04_types.json"));
        List<Document> docs = SpertJson.readDocuments(data.resolve("conll04/conll04_train.json"), types).subList(0, 8);
        Path train = tmp.resolve("train.json");
        SpertJson.writeDocuments(train, docs);
        Path encoder = TinyEncoder.write(tmp.resolve("encoder"), docs);
        TrainConfig config = TrainConfig.defaults().with(List.of(
                "train=" + train, "test=" + train, "types=" + data.resolve("conll04/conll04_types.json"),
                "encoder=" + encoder, "epochs=6", "batchSize=4", "learningRate=0.003", "warmup=0.0", "dropout=0.0", "seed=3"));
        DataDirectory dir = DataDirectory.locate(Optional.of(data));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        ObjectNode uninterrupted = new Trainer(config, dir, quiet, false).train(tmp.resolve("a"), false);

        Path run = tmp.resolve("b");
        assertThatThrownBy(() -> new Trainer(config, dir, quiet, false, epochs -> {
            if (epochs == 3) {
                throw new IllegalStateException("simulated crash");
            }
        }).train(run, false)).hasMessageContaining("simulated crash");
        assertThat(run.resolve("checkpoint.json")).exists();
        assertThat(Files.readString(run.resolve("checkpoint.json"))).contains("\"epochsDone\":3");

        ObjectNode resumed = new Trainer(config, dir, quiet, false).train(run, true);
        assertThat(resumed.get("test")).isEqualTo(uninterrupted.get("test"));
        assertThat(run.resolve("checkpoint.json")).doesNotExist();
    }

    @Test
    void resumingWithAnotherConfigIsRefused() throws Exception {
        Path data = SharedFolder.path().resolve("data");
        TypeSystem types = SpertJson.readTypes(data.resolve("conll04/conll04_types.json"));
        List<Document> docs = SpertJson.readDocuments(data.resolve("conll04/conll04_train.json"), types).subList(0, 4);
        Path train = tmp.resolve("train.json");
        SpertJson.writeDocuments(train, docs);
        Path encoder = TinyEncoder.write(tmp.resolve("encoder"), docs);
        TrainConfig config = TrainConfig.defaults().with(List.of(
                "train=" + train, "types=" + data.resolve("conll04/conll04_types.json"), "encoder=" + encoder,
                "epochs=2", "batchSize=4", "dropout=0.0"));
        DataDirectory dir = DataDirectory.locate(Optional.of(data));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Path run = tmp.resolve("run");
        assertThatThrownBy(() -> new Trainer(config, dir, quiet, false, epochs -> {
            throw new IllegalStateException("stop");
        }).train(run, false)).hasMessage("stop");
        TrainConfig other = config.with(List.of("learningRate=0.001"));
        assertThatThrownBy(() -> new Trainer(other, dir, quiet, false).train(run, true))
                .hasMessageContaining("another config");
    }
}
