package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.testing.TinyTask;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run from documents in memory, and what a caller's listener is told. */
class TrainingRunTest {
    @TempDir Path tmp;

    @Test
    void documentsInMemoryTrainTheModelTheirFilesTrain() throws Exception {
        TinyTask task = TinyTask.firstConll04Sentences(tmp, 4);
        TrainConfig config = task.config("epochs=3", "dev=" + task.train());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        TrainingResult fromFiles = new TrainingRun(config, task.data(), quiet, false).train(tmp.resolve("files"), false);
        // The config's data paths are not read: the documents come from memory.
        TrainConfig noFiles = config.with(List.of("train=missing.json", "dev=missing.json", "test=missing.json", "types=missing.json"));
        TrainingResult inMemory = new TrainingRun(noFiles, task.data(), quiet, false).train(tmp.resolve("memory"),
                RunDirectory.Start.FRESH, TrainingData.of(task.types(), task.docs(), task.docs(), task.docs()));

        assertThat(inMemory.test()).isEqualTo(fromFiles.test());
        assertThat(inMemory.devHistory()).isEqualTo(fromFiles.devHistory()).hasSize(3);
        assertThat(Files.readAllBytes(tmp.resolve("memory/model/model.safetensors")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("files/model/model.safetensors")));
        // Provenance lists the files read, in order, and none for documents in memory.
        assertThat(fromFiles.provenance().path("data").fieldNames()).toIterable().containsExactly("types", "train", "dev", "test");
        assertThat(inMemory.provenance().path("data").isEmpty()).isTrue();
    }

    @Test
    void aListenerHearsEveryUpdateAndEpochAfterTheCheckpointIsWritten() throws Exception {
        TinyTask task = TinyTask.firstConll04Sentences(tmp, 8);
        TrainConfig config = task.config("epochs=2", "dev=" + task.train());
        List<String> heard = new ArrayList<>();
        Path run = tmp.resolve("run");
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onTrainingBegin(TrainingState state) {
                heard.add("begin " + state.epochsDone());
            }

            @Override
            public void onEpochBegin(TrainingState state) {
                heard.add("epoch " + state.epoch() + " of " + state.batchesInEpoch() + " batches");
            }

            @Override
            public void onUpdate(TrainingState state, UpdateResult update) {
                heard.add("update " + state.stepsDone() + " " + state.batchesDoneInEpoch() + " " + state.sentencesInEpoch()
                        + " " + update.applied() + " " + update.documents().size());
            }

            @Override
            public void onEpochEnd(TrainingState state) {
                heard.add("end " + state.epochsDone() + " dev " + state.devHistory().size() + " checkpoint "
                        + Files.exists(run.resolve(String.format("checkpoint-epoch-%04d.safetensors", state.epochsDone()))));
            }

            @Override
            public void onTrainingEnd(TrainingState state) {
                heard.add("done " + state.epochsDone() + " " + state.stepsDone());
            }
        };
        new TrainingRun(config, task.data(), new PrintStream(OutputStream.nullOutputStream()), false, listener).train(run, false);
        // 8 sentences at batch 4: 2 updates an epoch.
        assertThat(heard).containsExactly("begin 0",
                "epoch 1 of 2 batches", "update 1 1 4 true 4", "update 2 2 8 true 4", "end 1 dev 1 checkpoint true",
                "epoch 2 of 2 batches", "update 3 1 4 true 4", "update 4 2 8 true 4", "end 2 dev 2 checkpoint true",
                "done 2 4");
    }
}
