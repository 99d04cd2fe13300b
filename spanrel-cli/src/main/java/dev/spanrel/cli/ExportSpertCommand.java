package dev.spanrel.cli;

import dev.spanrel.spert.SpertExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export-spert", mixinStandardHelpOptions = true,
        description = {"Writes a spanrel model as a directory SpERT's `spert.py eval` and `predict` load (model_path and"
                + " tokenizer_path): config.json with spert_version, pytorch_model.bin under SpERT's tensor names,"
                + " vocab.txt and tokenizer files, plus types.json (types_path) and eval.conf with the settings SpERT"
                + " needs (add its dataset_path)."})
final class ExportSpertCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "spanrel model directory.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write SpERT's files into.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        SpertExport.Result result = SpertExport.run(model, out);
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("wrote %s: SpERT model (config.json, pytorch_model.bin, vocab.txt), types.json, eval.conf%n", out);
        for (String note : result.notes()) {
            printer.println("  note: " + note);
        }
        printer.flush();
        return 0;
    }
}
