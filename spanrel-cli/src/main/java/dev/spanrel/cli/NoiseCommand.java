package dev.spanrel.cli;

import dev.spanrel.SpanrelException;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.noise.LabelNoise;
import dev.spanrel.noise.NoiseConfig;
import dev.spanrel.noise.NoiseKind;
import dev.spanrel.noise.NoisyDocuments;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "noise", mixinStandardHelpOptions = true,
        description = {"Writes a copy of a SpERT JSON file whose entity and relation types are flipped with probability P "
                + "through a noise transition matrix (the label-noise robustness experiment); spans, relation endpoints "
                + "and tokens are kept. Prints the realized flip rates."})
final class NoiseCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "FILE", description = "SpERT JSON file to corrupt.")
    String input;

    @Option(names = "--types", paramLabel = "FILE", description = "Types file (default: the *_types.json next to the input).")
    String types;

    @Option(names = "--rate", required = true, paramLabel = "P", description = "Flip probability of every label, in [0, 1).")
    double rate;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Seed: the same seed gives the same file.")
    long seed;

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "symmetric",
            description = "symmetric (a flip lands on any other type) or pair (type i goes to type i+1); default: ${DEFAULT-VALUE}.")
    String kind;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the noisy SpERT JSON file.")
    Path out;

    @Mixin DataDirOption dataDir;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        NoiseConfig config = noiseConfig();
        DataDirectory directory = dataDir.directory();
        Path inputFile = directory.resolve(input);
        Path typesFile = types == null ? DataDirectory.typesFileIn(inputFile.toAbsolutePath().getParent()) : directory.resolve(types);
        TypeSystem typeSystem = SpertJson.readTypes(typesFile);
        NoisyDocuments noisy = new LabelNoise(config, typeSystem).apply(SpertJson.readDocuments(inputFile, typeSystem));
        SpertJson.writeDocuments(out, noisy.documents());

        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("wrote %s: %d documents, %s noise, rate %s, seed %d%n", out, noisy.documents().size(),
                config.kind().configName(), config.rate(), config.seed());
        noisy.report().lines().forEach(printer::println);
        printer.flush();
        return 0;
    }

    /** Bad values are usage errors (exit code 2 with the usage hint), caught before any file is read. */
    private NoiseConfig noiseConfig() {
        try {
            return new NoiseConfig(rate, seed, NoiseKind.parse(kind, "--kind"));
        } catch (SpanrelException e) {
            String message = e.getMessage().startsWith("noise rate") ? "--rate: " + e.getMessage() : e.getMessage();
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
