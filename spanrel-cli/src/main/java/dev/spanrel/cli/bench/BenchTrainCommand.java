package dev.spanrel.cli.bench;

import dev.spanrel.data.DataDirectory;
import dev.spanrel.encoder.CpuFeatures;
import dev.spanrel.train.TrainConfig;
import dev.spanrel.train.TrainingRun;
import dev.spanrel.train.TrainingThroughput;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Training throughput of the whole model on real batches of a config's training data, with peak memory, next to
 * the matmul-bound ceiling of BERT-base training on this machine (design.md: about 290 sub-tokens/s on 2 cores).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training throughput (sentences/s, sub-tokens/s) and peak memory on a config's training data.")
final class BenchTrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", defaultValue = "configs/conll04.json") Path config;

    @Option(names = "--set", description = "Override a config key, as in train.") List<String> overrides = new ArrayList<>();

    @Option(names = "--steps", defaultValue = "20", description = "measured updates") int steps;

    @Option(names = "--warmup", defaultValue = "3", description = "updates before measuring") int warmup;

    @Option(names = "--ceiling", defaultValue = "290",
            description = "compute-bound training ceiling in sub-tokens/s to report the share of") double ceiling;

    @Option(names = "--data-dir") Path dataDir;

    @Option(names = "--profile", paramLabel = "TRACE.json",
            description = "Also record the measured updates with libtorch's profiler into this Chrome trace file.")
    Path profile;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrainConfig trainConfig = TrainConfig.read(config, overrides);
        TrainingRun trainer = new TrainingRun(trainConfig, DataDirectory.locate(Optional.ofNullable(dataDir)), System.err, false);
        TrainingThroughput t = trainer.benchmark(warmup, steps, Optional.ofNullable(profile));
        out.printf("config %s, batch %d, %d measured updates (+%d warm-up), precision %s%n", config, trainConfig.optimization().batchSize(),
                t.steps(), warmup, trainConfig.encoderPrecision().configName());
        out.printf("cpu                  %s, %d cores%n", CpuFeatures.current().describe(), Runtime.getRuntime().availableProcessors());
        out.printf("sentences/s          %8.2f%n", t.sentencesPerSecond());
        out.printf("sub-tokens/s         %8.1f   (%.0f%% of the %.0f sub-tokens/s ceiling; padded batches: %.1f/s)%n",
                t.subTokensPerSecond(), 100 * t.subTokensPerSecond() / ceiling, ceiling, t.paddedSubTokens() / t.seconds());
        out.printf("time split           forward+backward %.0f%%, optimizer %.0f%%, rest %.0f%%%n",
                100 * t.forwardBackwardSeconds() / t.seconds(), 100 * t.optimizerSeconds() / t.seconds(),
                100 * (t.seconds() - t.forwardBackwardSeconds() - t.optimizerSeconds()) / t.seconds());
        out.printf("epoch estimate       %.1f min for %d documents%n", t.epochMinutes(), t.epochDocuments());
        out.printf("peak resident memory %s%n", peakResidentMemory());
        if (profile != null) {
            out.printf("profile              %s (open in chrome://tracing or Perfetto)%n", profile);
        }
        out.flush();
        return 0;
    }

    /** VmHWM of this process (Linux), the high-water mark of resident memory: heap plus libtorch's native memory. */
    static String peakResidentMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.2f GB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (Exception e) {
            // Not Linux: report what is known.
        }
        return "unknown";
    }
}
