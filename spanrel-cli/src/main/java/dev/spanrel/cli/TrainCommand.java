package dev.spanrel.cli;

import dev.spanrel.SpanrelException;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.train.RunDirectory;
import dev.spanrel.train.TrainConfig;
import dev.spanrel.train.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a joint entity and relation model, then evaluate it on the config's test file.")
final class TrainCommand implements Runnable {
    @Option(names = "--config", required = true, description = "Config file, e.g. configs/conll04.json.")
    Path config;

    @Option(names = "--set", description = "Override a config key: --set epochs=1 --set limit=16.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", required = true, description = "Run directory: checkpoints, model/, results.json.")
    Path out;

    @Option(names = "--resume", description = "Continue from the last finished epoch in --out.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace the run already in --out; it is kept until the new run has its model.")
    boolean overwrite;

    @Option(names = "--data-dir", description = "Data directory (default: $SPANREL_DATA).")
    Path dataDir;

    @Override
    public void run() {
        if (resume && overwrite) {
            throw new SpanrelException("--resume continues the run in " + out + " and --overwrite replaces it: give one of them");
        }
        RunDirectory.Start start = resume ? RunDirectory.Start.RESUME
                : overwrite ? RunDirectory.Start.OVERWRITE : RunDirectory.Start.FRESH;
        TrainConfig trainConfig = TrainConfig.read(config, overrides);
        DataDirectory data = DataDirectory.locate(Optional.ofNullable(dataDir));
        new TrainingRun(trainConfig, data, System.out, System.console() != null).train(out, start);
        System.out.println("model written to " + out.resolve("model") + ", results to " + out.resolve("results.json"));
    }
}
