package dev.spanrel.cli;

import dev.spanrel.encoder.Encoders;
import dev.spanrel.encoder.PretrainedEncoder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Write an encoder as a Hugging Face directory (config.json, model.safetensors, vocab.txt, tokenizer_config.json).")
final class ConvertCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--encoder", required = true, paramLabel = "NAME_OR_DIR",
            description = "bert-base-cased or a Hugging Face checkpoint directory")
    String encoder;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the directory")
    Path out;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        PretrainedEncoder enc = Encoders.load(encoder);
        Encoders.writeCanonical(enc, out);
        spec.commandLine().getOut().printf("wrote %s (%d tensors, %d layers x %d, %s) in %.1f s%n", out,
                enc.weights().size(), enc.config().numHiddenLayers(), enc.config().hiddenSize(),
                enc.lowerCase() ? "uncased" : "cased", (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
