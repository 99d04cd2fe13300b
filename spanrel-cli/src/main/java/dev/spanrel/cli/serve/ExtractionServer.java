package dev.spanrel.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.SpanrelVersion;
import dev.spanrel.cli.io.ResultJson;
import dev.spanrel.data.EntityType;
import dev.spanrel.data.RelationType;
import dev.spanrel.infer.ExtractionResult;
import dev.spanrel.infer.Extractor;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP service of {@code spanrel serve}: {@code POST /v1/extract}, liveness {@code GET /health}, readiness
 * {@code GET /ready}, Prometheus metrics at {@code GET /metrics} ({@link ServiceMetrics}), its OpenAPI document at
 * {@code GET /openapi.json} and the page at {@code GET /}.
 *
 * <p>An extraction holds no thread while it waits: the body is read with non-blocking I/O before a deadline, the
 * texts' sentences go to an {@link ExtractionQueue} that interleaves them with other requests' in batches, and
 * the answer is written once they are done. Every error, Jetty's own included, is {@code {"error": "..."}} with
 * a status that says whose fault it is (4xx the client's, 503 busy or stopping, 500 the server's). {@link #close}
 * finishes the requests in flight (or answers them 503) before it returns, so the extractor can then be closed.
 */
public final class ExtractionServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractionServer.class);
    private static final String PAGE = "/dev/spanrel/cli/serve/web/index.html";
    private static final String REQUEST_ID = "spanrel.request-id";
    private static final String STARTED = "spanrel.started-nanos";
    private static final String OPENAPI = "/dev/spanrel/cli/serve/web/openapi.json";
    private static final int MAX_HEADER_BYTES = 8192;
    /** Methods a known path answers 405 for when they are not its own. */
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST,
            HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private enum State { LOADING, READY, FAILED, DRAINING, CLOSED }

    /** An extraction request between its start and its answer being written. */
    private static final class Exchange {
        volatile CompletableFuture<byte[]> body;
    }

    private final String modelName;
    private final long maxBodyBytes;
    private final int maxTextChars;
    private final int maxTextsPerRequest;
    private final long requestTimeoutMillis;
    private final long bodyTimeoutMillis;
    private final long shutdownGraceMillis;
    private final CorsPolicy cors;
    private final Builder queueSettings;
    private final QueuedThreadPool httpThreads;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<Exchange> exchanges = ConcurrentHashMap.newKeySet();
    private final Map<String, String> allowed = new LinkedHashMap<>(); // path -> its Allow header
    private final Javalin app;
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final byte[] openApi = openApiDocument();

    // Guarded by this.
    private State state = State.LOADING;
    private Extractor extractor;
    private ExtractionQueue queue;
    private String loadFailure;

    private ExtractionServer(Builder b) {
        this.modelName = b.modelName;
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxTextChars = b.maxTextChars;
        this.maxTextsPerRequest = b.maxTextsPerRequest;
        this.requestTimeoutMillis = b.requestTimeoutMillis;
        this.bodyTimeoutMillis = b.bodyTimeoutMillis;
        this.shutdownGraceMillis = b.shutdownGraceMillis;
        this.cors = b.cors;
        this.queueSettings = b;
        // Bounded: no handler blocks on a client or on the model, so a few threads serve many clients.
        this.httpThreads = new QueuedThreadPool(b.httpThreads, Math.min(4, b.httpThreads));
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "spanrel-serve-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        JsonErrorHandler jettyErrors = new JsonErrorHandler(MAX_HEADER_BYTES);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.threadPool = httpThreads;
            config.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(MAX_HEADER_BYTES);
                http.setSendServerVersion(false);
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));
        });
        Map<String, Map<HandlerType, Handler>> routes = new LinkedHashMap<>();
        routes.put("/", getRoute(this::page));
        routes.put("/health", getRoute(this::health));
        routes.put("/ready", getRoute(this::ready));
        routes.put("/v1/extract", new EnumMap<>(Map.of(HandlerType.POST, this::extract)));
        routes.put("/metrics", getRoute(ctx -> ctx.contentType(ServiceMetrics.CONTENT_TYPE).result(metrics.scrape())));
        routes.put("/openapi.json", getRoute(ctx -> ctx.contentType("application/json").result(openApi)));
        register(routes);
        metrics.queue(this, server -> server.queueReading(ExtractionQueue::textsTaken),
                server -> server.queueReading(ExtractionQueue::sentencesWaiting));
        app.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        // After the answer of an extraction too: Javalin runs after-handlers once the request's future is done.
        app.after(ctx -> {
            Long started = ctx.attribute(STARTED);
            if (started != null) {
                String route = allowed.containsKey(ctx.path()) ? ctx.path() : ServiceMetrics.UNMATCHED;
                metrics.request(ctx.req().getMethod(), route, ctx.statusCode(), System.nanoTime() - started);
            }
        });
        app.before(ctx -> {
            String id = RequestIds.of(ctx.header(RequestIds.HEADER));
            ctx.attribute(REQUEST_ID, id);
            ctx.header(RequestIds.HEADER, id);
            cors.apply(ctx);
        });
        app.exception(HttpError.class, (e, ctx) -> answer(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus()).json(ResultJson.error(e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {}: {} {} failed", requestId(ctx), ctx.method(), ctx.path(), e);
            ctx.status(500).json(ResultJson.error("internal error: " + e));
        });
        app.error(404, ctx -> {
            String allow = allowed.get(ctx.path());
            if (allow != null) { // a method Javalin has no handler type for, e.g. TRACE or a made-up one
                methodNotAllowed(ctx, ctx.req().getMethod(), ctx.path(), allow);
            } else {
                ctx.json(ResultJson.error("no such endpoint: " + ctx.req().getMethod() + " " + ctx.path()
                        + " (" + String.join(", ", routes.keySet()) + ")"));
            }
        });
        b.extractor.whenComplete(this::modelLoaded);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts listening; port 0 picks a free port, which {@link #port()} then tells. */
    public ExtractionServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Whether the model is loaded and the server takes extractions. */
    public synchronized boolean isReady() {
        return state == State.READY;
    }

    /**
     * Stops the service: {@code /ready} answers 503 at once, new extractions 503, bodies still arriving 503; the
     * extractions already taken finish within the shutdown grace (later ones are answered 503), their answers are
     * written, and only then does the listener close. When this returns, no thread of the server uses the
     * extractor any more. The server closes nothing of the extractor.
     */
    @Override
    public void close() {
        ExtractionQueue draining;
        synchronized (this) {
            if (state == State.DRAINING || state == State.CLOSED) {
                return;
            }
            state = State.DRAINING;
            draining = queue;
        }
        exchanges.forEach(this::refuseBody);
        try {
            if (draining != null) {
                draining.shutdown(shutdownGraceMillis);
            }
            // The answers are written on HTTP threads after the results are in; give them a moment to go out.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!exchanges.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
        timer.shutdownNow();
        synchronized (this) {
            state = State.CLOSED;
        }
    }

    private synchronized void modelLoaded(Extractor loaded, Throwable failure) {
        if (state != State.LOADING) {
            return; // closed before the model was there; its owner closes it
        }
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            loadFailure = "the model failed to load: " + cause.getMessage();
            state = State.FAILED;
            return;
        }
        extractor = loaded;
        queue = new ExtractionQueue(loaded, queueSettings.queueCapacity, queueSettings.maxBatchTexts,
                queueSettings.maxWaitMillis, queueSettings.workers, metrics::batch);
        state = State.READY;
    }

    /** A reading of the queue for a gauge; 0 before the model is loaded. */
    private synchronized double queueReading(java.util.function.ToIntFunction<ExtractionQueue> reading) {
        return queue == null ? 0 : reading.applyAsInt(queue);
    }

    /** The paths the server answers, as its OpenAPI document must list them. */
    Set<String> paths() {
        return Set.copyOf(allowed.keySet());
    }

    /** The OpenAPI document of the resources, with the version of this build. */
    private static byte[] openApiDocument() {
        try (InputStream in = ExtractionServer.class.getResourceAsStream(OPENAPI)) {
            ObjectNode document = (ObjectNode) ResultJson.MAPPER.readTree(Objects.requireNonNull(in, OPENAPI));
            ((ObjectNode) document.get("info")).put("version", SpanrelVersion.version());
            return ResultJson.MAPPER.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + OPENAPI, e);
        }
    }

    private static Map<HandlerType, Handler> getRoute(Handler handler) {
        return new EnumMap<>(Map.of(HandlerType.GET, handler, HandlerType.HEAD, handler));
    }

    /** The routes, a 405 with {@code Allow} for their other methods, and {@code OPTIONS} (CORS preflight). */
    private void register(Map<String, Map<HandlerType, Handler>> routes) {
        routes.forEach((path, handlers) -> {
            String allow = handlers.keySet().stream().map(Enum::name).collect(Collectors.joining(", ")) + ", OPTIONS";
            allowed.put(path, allow);
            handlers.forEach((method, handler) -> app.addHttpHandler(method, path, handler));
            for (HandlerType method : METHODS) {
                if (!handlers.containsKey(method)) {
                    app.addHttpHandler(method, path, ctx -> methodNotAllowed(ctx, method.name(), path, allow));
                }
            }
            app.options(path, ctx -> {
                ctx.header("Allow", allow);
                cors.preflight(ctx, allow);
                ctx.status(204);
            });
        });
    }

    private static void methodNotAllowed(Context ctx, String method, String path, String allow) {
        ctx.status(405).header("Allow", allow).json(ResultJson.error(method + " is not allowed on " + path + "; use " + allow));
    }

    private void page(Context ctx) throws IOException {
        try (InputStream page = ExtractionServer.class.getResourceAsStream(PAGE)) {
            ctx.contentType("text/html; charset=utf-8").result(Objects.requireNonNull(page, PAGE).readAllBytes());
        }
    }

    /** Liveness: the process answers. Model name and types once the model is loaded. */
    private void health(Context ctx) {
        Extractor loaded;
        String failure;
        synchronized (this) {
            loaded = extractor;
            failure = loadFailure;
        }
        if (failure != null) {
            ctx.status(503).json(ResultJson.error(failure));
            return;
        }
        ObjectNode node = ResultJson.MAPPER.createObjectNode().put("status", loaded == null ? "loading" : "ok")
                .put("model", modelName);
        if (loaded != null) {
            ArrayNode entityTypes = node.putArray("entity_types");
            loaded.types().entityTypes().stream().map(EntityType::name).forEach(entityTypes::add);
            ArrayNode relationTypes = node.putArray("relation_types");
            loaded.types().relationTypes().stream().map(RelationType::name).forEach(relationTypes::add);
        }
        ctx.json(node);
    }

    /** Readiness: 200 only while extractions are taken (not while loading, after a failed load, or stopping). */
    private void ready(Context ctx) {
        refuseUnlessReady();
        ctx.json(ResultJson.MAPPER.createObjectNode().put("status", "ready").put("model", modelName));
    }

    private synchronized ExtractionQueue refuseUnlessReady() {
        return switch (state) {
            case READY -> queue;
            case LOADING -> throw HttpError.unavailable("the model is still loading; retry shortly", 5);
            case FAILED -> throw HttpError.unavailable(loadFailure, 0);
            case DRAINING, CLOSED -> throw shuttingDown();
        };
    }

    private static HttpError shuttingDown() {
        return HttpError.closing(503, "the server is shutting down");
    }

    private void extract(Context ctx) {
        refuseUnlessReady();
        String id = requestId(ctx);
        ctx.future(() -> {
            // Javalin has started the request's async context before it asks for this future.
            Exchange exchange = new Exchange();
            exchanges.add(exchange);
            ctx.req().getAsyncContext().addListener(new ExchangeEnd(exchange));
            CompletableFuture<byte[]> body;
            try {
                body = BodyReader.read(ctx.req(), maxBodyBytes, bodyTimeoutMillis, timer);
            } catch (IOException e) {
                body = CompletableFuture.failedFuture(new BodyReader.ClientGone(e));
            }
            exchange.body = body;
            if (!isReady()) {
                refuseBody(exchange); // close() began while this request started
            }
            return body
                    .thenCompose(bytes -> extraction(ExtractRequest.parse(bytes, ctx.req().getCharacterEncoding(),
                            maxTextChars, maxTextsPerRequest)))
                    .handle((json, failure) -> failure == null ? json : failure)
                    // The answer goes out on an HTTP thread: a worker never waits for a client's socket.
                    .thenApplyAsync(outcome -> {
                        if (outcome instanceof JsonNode json) {
                            ctx.json(json);
                        } else {
                            answer(ctx, errorFor((Throwable) outcome, id));
                        }
                        return null;
                    }, httpThreads);
        });
    }

    private CompletableFuture<JsonNode> extraction(ExtractRequest request) {
        ExtractionQueue queue = refuseUnlessReady();
        Optional<CompletableFuture<List<ExtractionResult>>> submitted = queue.submit(request.texts());
        if (submitted.isEmpty()) {
            refuseUnlessReady();
            throw HttpError.unavailable("server busy: the extraction queue is full (" + queue.capacity()
                    + " texts); retry shortly", 1);
        }
        // A timeout completes the request's own future, which withdraws its sentences from the queue.
        return submitted.get().orTimeout(requestTimeoutMillis, TimeUnit.MILLISECONDS)
                .thenApply(results -> request.batch() ? batchAnswer(results) : ResultJson.result(results.get(0)));
    }

    private HttpError errorFor(Throwable failure, String id) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpError error) {
            return error;
        }
        if (cause instanceof BodyReader.ClientGone gone) {
            LOG.debug("request {}: {}", id, gone.getMessage());
            return HttpError.closing(400, gone.getMessage());
        }
        if (cause instanceof ExtractionQueue.ShuttingDown) {
            return shuttingDown();
        }
        if (cause instanceof TimeoutException) {
            LOG.warn("request {}: timed out after {} ms waiting for the model; its work is dropped", id, requestTimeoutMillis);
            return HttpError.unavailable("timed out after " + requestTimeoutMillis + " ms waiting for the model", 1);
        }
        LOG.error("request {}: extraction failed", id, cause);
        return new HttpError(500, "internal error: " + cause);
    }

    private static void answer(Context ctx, HttpError error) {
        if (error.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Integer.toString(error.retryAfterSeconds()));
        }
        if (error.closeConnection()) {
            ctx.header("Connection", "close");
        }
        ctx.status(error.status()).json(ResultJson.error(error.getMessage()));
    }

    private void refuseBody(Exchange exchange) {
        CompletableFuture<byte[]> body = exchange.body;
        if (body != null) {
            body.completeExceptionally(shuttingDown());
        }
    }

    private static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID);
        return id == null ? "-" : id;
    }

    private static ObjectNode batchAnswer(List<ExtractionResult> results) {
        ObjectNode node = ResultJson.MAPPER.createObjectNode();
        ArrayNode array = node.putArray("results");
        results.forEach(r -> array.add(ResultJson.result(r)));
        return node;
    }

    /** Forgets an exchange once its answer is written or its connection failed. */
    private final class ExchangeEnd implements AsyncListener {
        private final Exchange exchange;

        ExchangeEnd(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            exchanges.remove(exchange);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            exchanges.remove(exchange);
        }

        @Override
        public void onError(AsyncEvent event) {
            exchanges.remove(exchange);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // nothing: the exchange is already known
        }
    }

    /** Builds an {@link ExtractionServer}: {@code set*} options are required, {@code opt*} ones have defaults. */
    public static final class Builder {
        private CompletableFuture<Extractor> extractor;
        private String modelName = "unnamed";
        private long maxBodyBytes = 1 << 20;
        private int maxTextChars = 100_000;
        private int maxTextsPerRequest = 256;
        private int queueCapacity = 1024;
        private int maxBatchTexts = 32;
        private long maxWaitMillis = 5;
        private int workers = 1;
        private int httpThreads = 32;
        private long requestTimeoutMillis = 120_000;
        private long bodyTimeoutMillis = 20_000;
        private long shutdownGraceMillis = 20_000;
        private CorsPolicy cors = CorsPolicy.NONE;

        private Builder() {}

        /** The extractor that answers requests; the server closes nothing of it. */
        public Builder setExtractor(Extractor extractor) {
            this.extractor = CompletableFuture.completedFuture(Objects.requireNonNull(extractor, "extractor"));
            return this;
        }

        /**
         * An extractor still loading: the server listens at once, {@code /health} answers, and {@code /ready} and
         * extractions answer 503 until it is there (or for good, if it fails).
         */
        public Builder setExtractor(CompletableFuture<Extractor> loading) {
            this.extractor = Objects.requireNonNull(loading, "loading");
            return this;
        }

        /** The name {@code /health} reports, e.g. the model directory's name. */
        public Builder optModelName(String modelName) {
            this.modelName = Objects.requireNonNull(modelName, "modelName");
            return this;
        }

        /** Larger bodies are refused with 413 (default 1 MiB). */
        public Builder optMaxBodyBytes(long maxBodyBytes) {
            this.maxBodyBytes = positive(maxBodyBytes, "max body bytes");
            return this;
        }

        /**
         * Longer texts are refused with 413 (default 100,000 characters). A long text does not hold other
         * requests: its sentences take turns with theirs in every batch.
         */
        public Builder optMaxTextChars(int maxTextChars) {
            this.maxTextChars = (int) positive(maxTextChars, "max text chars");
            return this;
        }

        /** Batch requests with more texts are refused with 413 (default 256). */
        public Builder optMaxTextsPerRequest(int maxTextsPerRequest) {
            this.maxTextsPerRequest = (int) positive(maxTextsPerRequest, "max texts per request");
            return this;
        }

        /** How many texts may wait or be in work at once; beyond, requests get 503 (default 1024). */
        public Builder optQueueCapacity(int queueCapacity) {
            this.queueCapacity = (int) positive(queueCapacity, "queue capacity");
            return this;
        }

        /** How many sentences one batch may group (default 32). */
        public Builder optMaxBatchTexts(int maxBatchTexts) {
            this.maxBatchTexts = (int) positive(maxBatchTexts, "max batch texts");
            return this;
        }

        /** How long the first sentence of a batch waits for others (default 5 ms). */
        public Builder optMaxWaitMillis(long maxWaitMillis) {
            if (maxWaitMillis < 0) {
                throw new IllegalArgumentException("max wait must not be negative: " + maxWaitMillis);
            }
            this.maxWaitMillis = maxWaitMillis;
            return this;
        }

        /** How many batches run at once (default 1: the model already uses every core). */
        public Builder optWorkers(int workers) {
            this.workers = (int) positive(workers, "workers");
            return this;
        }

        /** The most HTTP threads (default 32). */
        public Builder optHttpThreads(int httpThreads) {
            this.httpThreads = (int) Math.max(8, positive(httpThreads, "http threads"));
            return this;
        }

        /** A request whose body has arrived but whose results are not ready after this long gets 503 (default 120 s). */
        public Builder optRequestTimeoutMillis(long requestTimeoutMillis) {
            this.requestTimeoutMillis = positive(requestTimeoutMillis, "request timeout");
            return this;
        }

        /** A request body not complete after this long gets 408 and its connection closed (default 20 s). */
        public Builder optBodyTimeoutMillis(long bodyTimeoutMillis) {
            this.bodyTimeoutMillis = positive(bodyTimeoutMillis, "body timeout");
            return this;
        }

        /** How long {@link ExtractionServer#close()} lets taken extractions finish before it answers them 503 (default 20 s). */
        public Builder optShutdownGraceMillis(long shutdownGraceMillis) {
            if (shutdownGraceMillis < 0) {
                throw new IllegalArgumentException("shutdown grace must not be negative: " + shutdownGraceMillis);
            }
            this.shutdownGraceMillis = shutdownGraceMillis;
            return this;
        }

        /** Browser origins whose pages may call the service (default none: CORS off). */
        public Builder optCorsOrigins(List<String> origins) {
            this.cors = CorsPolicy.allowing(new ArrayList<>(origins));
            return this;
        }

        public ExtractionServer build() {
            if (extractor == null) {
                throw new IllegalStateException("ExtractionServer.builder() needs setExtractor(...)");
            }
            return new ExtractionServer(this);
        }

        private static long positive(long value, String what) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be at least 1: " + value);
            }
            return value;
        }
    }
}
