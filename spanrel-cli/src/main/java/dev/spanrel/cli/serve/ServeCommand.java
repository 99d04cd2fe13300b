package dev.spanrel.cli.serve;

import dev.spanrel.cli.TaggerFlags;
import dev.spanrel.infer.Extractor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a model over HTTP: POST /v1/extract with {\"text\": ...} or {\"texts\": [...]},",
                "GET /health (liveness), GET /ready (readiness), and a page at / that draws entities and relation arcs."})
public final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--batch-size", defaultValue = "32", description = "Texts grouped into one model batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--precision", defaultValue = "auto", description = TaggerFlags.PREDICTING_PRECISION)
    String precision;

    @Option(names = "--relation-threshold", paramLabel = "P", description = TaggerFlags.RELATION_THRESHOLD)
    Double relationThreshold;

    @Option(names = "--max-wait-ms", defaultValue = "5", description = "How long a request waits for others to batch with (default: ${DEFAULT-VALUE}).")
    long maxWaitMillis;

    @Option(names = "--queue-capacity", defaultValue = "1024", description = "Texts waiting at most; beyond, 503 (default: ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--max-text-chars", defaultValue = "100000", description = "Longest text accepted (default: ${DEFAULT-VALUE}).")
    int maxTextChars;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN",
            description = "Let pages of this origin (scheme://host[:port], or * for any) call the service from a browser; repeatable (default: none, CORS off).")
    List<String> corsOrigins = new ArrayList<>();

    @Option(names = "--body-timeout-ms", defaultValue = "20000", description = "A request body must arrive within this time, else 408 (default: ${DEFAULT-VALUE}).")
    long bodyTimeoutMillis;

    @Option(names = "--shutdown-grace-ms", defaultValue = "20000", description = "On stop, extractions in flight get this long to finish before they are answered 503 (default: ${DEFAULT-VALUE}).")
    long shutdownGraceMillis;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ExtractionServer.Builder builder;
        try {
            builder = ExtractionServer.builder().optCorsOrigins(corsOrigins).optBodyTimeoutMillis(bodyTimeoutMillis)
                    .optShutdownGraceMillis(shutdownGraceMillis);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        // The port opens before the model is loaded: /health answers at once and /ready tells when it is there.
        CompletableFuture<Extractor> loading = CompletableFuture.supplyAsync(() -> Extractor.builder().setModelDir(model)
                .optBatchSize(batchSize).optTaggerOptions(TaggerFlags.options(precision, relationThreshold)).build());
        ExtractionServer server = builder
                .setExtractor(loading)
                .optModelName(displayName(model))
                .optMaxBatchTexts(batchSize)
                .optMaxWaitMillis(maxWaitMillis)
                .optQueueCapacity(queueCapacity)
                .optMaxTextChars(maxTextChars)
                .build()
                .start(host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // First the server (finishes or answers what is in flight, stops its workers), then the model.
            server.close();
            loading.thenAccept(Extractor::close);
            stopped.countDown();
        }, "spanrel-serve-shutdown"));
        err.printf("spanrel: serving %s on http://%s:%d/ (POST /v1/extract, GET /health, GET /ready); loading the model; Ctrl-C stops%n",
                model, host, server.port());
        err.flush();
        loading.whenComplete((extractor, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                err.println("spanrel: serve: cannot load the model " + model + ": " + cause.getMessage());
                exitCode.set(1);
                stopped.countDown();
            } else {
                err.println("spanrel: model loaded; ready");
            }
            err.flush();
        });
        stopped.await();
        if (exitCode.get() != 0) {
            server.close();
        }
        return exitCode.get();
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
