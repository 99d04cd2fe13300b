package dev.spanrel.cli;

import dev.spanrel.model.ModelConfig;
import dev.spanrel.spert.SpertImport;
import dev.spanrel.spert.SpertSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import-spert", mixinStandardHelpOptions = true,
        description = {"Turns a model directory saved by SpERT (config.json, pytorch_model.bin, vocab.txt) into a spanrel"
                + " model directory that `predict`, `eval --model`, `serve` and Extractor.load open. Sizes come from the"
                + " tensors; the settings SpERT keeps in its run config (max_span_size, rel_filter_threshold, prop_drop,"
                + " lowercase) are SpERT's defaults unless --spert-config or --set say otherwise. The model decodes as"
                + " SpERT does (keepAllEntities, symmetricBySpanStart)."})
final class ImportSpertCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "SpERT's model directory (its model_path).")
    Path checkpoint;

    @Option(names = "--types", required = true, paramLabel = "FILE", description = "The SpERT types file the model was trained with; its order is the classifiers' row order.")
    Path types;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "spanrel model directory to write.")
    Path out;

    @Option(names = "--spert-config", paramLabel = "FILE", description = "SpERT's train or eval .conf; its max_span_size, rel_filter_threshold, prop_drop, lowercase and size_embedding are used.")
    Path spertConfig;

    @Option(names = "--vocab", paramLabel = "FILE", description = "vocab.txt to use when the checkpoint directory has none (SpERT's tokenizer_path).")
    Path vocab;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting: maxSpanSize, relationThreshold, dropout, lowerCase, keepAllEntities, symmetricBySpanStart (or SpERT's names).")
    List<String> overrides = List.of();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        SpertSettings settings = SpertSettings.defaults();
        if (spertConfig != null) {
            settings = settings.withSpertConfig(spertConfig);
        }
        settings = settings.withOverrides(overrides);
        SpertImport.Result result = SpertImport.run(checkpoint, types, Optional.ofNullable(vocab), settings, out);
        ModelConfig c = result.config();
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("wrote %s from SpERT %s model %s%n", out, result.checkpoint().spertVersion(), checkpoint);
        printer.printf("  encoder: %d layers, hidden %d, %d heads, vocabulary %d%s%n", result.checkpoint().bert().numHiddenLayers(),
                result.checkpoint().bert().hiddenSize(), result.checkpoint().bert().numAttentionHeads(),
                result.checkpoint().bert().vocabSize(), result.lowerCase() ? ", lower-cased" : "");
        printer.printf("  types: %d entity, %d relation (%s)%n", result.types().entityTypeCount(),
                result.types().relationTypeCount(), types);
        printer.printf("  size embedding %d x %d, max span size %d, relation threshold %s%n", c.widthEmbeddingCount(),
                c.widthEmbeddingSize(), c.maxSpanSize(), c.relationThreshold());
        printer.flush();
        return 0;
    }
}
