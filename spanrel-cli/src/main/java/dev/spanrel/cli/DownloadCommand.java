package dev.spanrel.cli;

import dev.spanrel.data.DatasetDownloader;
import dev.spanrel.data.DatasetDownloader.FileResult;
import dev.spanrel.data.DatasetDownloader.Outcome;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Downloads the SpERT JSON benchmark files and checks each against its known SHA-256 sum.",
            "Files already present with the right sum are kept; a file with a wrong sum is never written."})
final class DownloadCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "conll04, scierc, ade or all.")
    String dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write <dataset>/<file> into.")
    Path out;

    @Option(names = "--base-url", paramLabel = "URL", description = "Server folder holding <dataset>/<file> (default: ${DEFAULT-VALUE}).")
    URI baseUrl = DatasetDownloader.DEFAULT_BASE_URL;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter writer = spec.commandLine().getOut();
        List<FileResult> results = new DatasetDownloader(baseUrl).download(dataset, out, result -> {
            writer.println((result.outcome() == Outcome.DOWNLOADED ? "downloaded      " : "already present ") + result.file());
            writer.flush();
        });
        long downloaded = results.stream().filter(r -> r.outcome() == Outcome.DOWNLOADED).count();
        writer.println(results.size() + " files verified (" + downloaded + " downloaded) in " + out);
        writer.flush();
        return 0;
    }
}
