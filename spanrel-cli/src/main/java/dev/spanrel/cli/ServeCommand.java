package dev.spanrel.cli;

import dev.spanrel.infer.Extractor;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a model over HTTP: POST /v1/extract with {\"text\": ...} or {\"texts\": [...]},",
                "GET /health, and a page at / that draws entities and relation arcs."})
final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--batch-size", defaultValue = "32", description = "Texts grouped into one model batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--precision", defaultValue = "fp32", description = TaggerFlags.PRECISION)
    String precision;

    @Option(names = "--relation-threshold", paramLabel = "P", description = TaggerFlags.RELATION_THRESHOLD)
    Double relationThreshold;

    @Option(names = "--max-wait-ms", defaultValue = "5", description = "How long a request waits for others to batch with (default: ${DEFAULT-VALUE}).")
    long maxWaitMillis;

    @Option(names = "--queue-capacity", defaultValue = "1024", description = "Texts waiting at most; beyond, 503 (default: ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--max-text-chars", defaultValue = "100000", description = "Longest text accepted (default: ${DEFAULT-VALUE}).")
    int maxTextChars;

    @Override
    public Integer call() throws InterruptedException {
        Extractor extractor = Extractor.builder().setModelDir(model).optBatchSize(batchSize)
                .optTaggerOptions(TaggerFlags.options(precision, relationThreshold)).build();
        ExtractionServer server = ExtractionServer.builder()
                .setExtractor(extractor)
                .optModelName(displayName(model))
                .optMaxBatchTexts(batchSize)
                .optMaxWaitMillis(maxWaitMillis)
                .optQueueCapacity(queueCapacity)
                .optMaxTextChars(maxTextChars)
                .build()
                .start(host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            extractor.close();
            stopped.countDown();
        }, "spanrel-serve-shutdown"));
        spec.commandLine().getErr().printf("spanrel: serving %s on http://%s:%d/ (POST /v1/extract, GET /health); Ctrl-C stops%n",
                model, host, server.port());
        spec.commandLine().getErr().flush();
        stopped.await();
        return 0;
    }

    /**
     * The name the page and /health show: the model directory's name, except that {@code train} always calls it
     * {@code model} inside {@code <experiment>/seed-S/}, so there the (at most two) folders above name it.
     */
    static String displayName(Path model) {
        Path dir = model.toAbsolutePath().normalize();
        int depth = dir.getNameCount();
        if (depth == 0) {
            return dir.toString();
        }
        if (depth == 1 || !dir.getFileName().toString().equals("model")) {
            return dir.getFileName().toString();
        }
        return dir.subpath(Math.max(0, depth - 3), depth - 1).toString().replace('\\', '/');
    }
}
