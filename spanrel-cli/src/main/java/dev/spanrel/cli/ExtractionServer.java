package dev.spanrel.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.data.EntityType;
import dev.spanrel.data.RelationType;
import dev.spanrel.infer.ExtractionResult;
import dev.spanrel.infer.Extractor;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP service of {@code spanrel serve}: {@code POST /v1/extract}, {@code GET /health} and the page at
 * {@code GET /}. Requests are batched together by an {@link ExtractionQueue}; client mistakes get a 4xx answer
 * {@code {"error": "..."}} that says what to fix, and a full queue a 503, so no client can make it fail or
 * stall.
 */
public final class ExtractionServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractionServer.class);
    private static final String PAGE = "/dev/spanrel/cli/web/index.html";

    private final Extractor extractor;
    private final String modelName;
    private final long maxBodyBytes;
    private final int maxTextChars;
    private final int maxTextsPerRequest;
    private final long requestTimeoutMillis;
    private final ExtractionQueue queue;
    private final Javalin app;

    private ExtractionServer(Builder b) {
        this.extractor = b.extractor;
        this.modelName = b.modelName;
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxTextChars = b.maxTextChars;
        this.maxTextsPerRequest = b.maxTextsPerRequest;
        this.requestTimeoutMillis = b.requestTimeoutMillis;
        this.queue = new ExtractionQueue(extractor, b.queueCapacity, b.maxBatchTexts, b.maxWaitMillis, b.workers);
        int httpThreads = b.httpThreads;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = maxBodyBytes;
            // Bounded: handlers hand work to the queue and return, so a few threads serve many clients.
            config.jetty.threadPool = new QueuedThreadPool(httpThreads, Math.min(4, httpThreads));
        });
        app.get("/", this::page);
        app.get("/health", this::health);
        app.post("/v1/extract", this::extract);
        app.exception(ClientError.class, (e, ctx) -> ctx.status(e.status).json(ResultJson.error(e.getMessage())));
        app.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus()).json(ResultJson.error(e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("extraction failed", e);
            ctx.status(500).json(ResultJson.error("internal error: " + e));
        });
        app.error(404, ctx -> ctx.json(ResultJson.error("no such endpoint: " + ctx.method() + " " + ctx.path()
                + " (POST /v1/extract, GET /health, GET /)")));
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

    @Override
    public void close() {
        app.stop();
        queue.close();
    }

    private void page(Context ctx) throws IOException {
        try (InputStream page = ExtractionServer.class.getResourceAsStream(PAGE)) {
            ctx.contentType("text/html; charset=utf-8").result(Objects.requireNonNull(page, PAGE).readAllBytes());
        }
    }

    private void health(Context ctx) {
        ObjectNode node = ResultJson.MAPPER.createObjectNode().put("status", "ok").put("model", modelName);
        ArrayNode entityTypes = node.putArray("entity_types");
        extractor.types().entityTypes().stream().map(EntityType::name).forEach(entityTypes::add);
        ArrayNode relationTypes = node.putArray("relation_types");
        extractor.types().relationTypes().stream().map(RelationType::name).forEach(relationTypes::add);
        ctx.json(node);
    }

    private void extract(Context ctx) {
        JsonNode request = parse(readBody(ctx));
        boolean batch = request.has("texts");
        if (batch == request.has("text")) {
            throw new ClientError(400, "the body needs exactly one of \"text\" (a string) or \"texts\" (an array of strings)");
        }
        List<String> texts = batch ? textsOf(request.get("texts")) : List.of(textOf(request.get("text"), "\"text\""));
        Optional<CompletableFuture<List<ExtractionResult>>> submitted = queue.submit(texts);
        if (submitted.isEmpty()) {
            ctx.header("Retry-After", "1");
            throw new ClientError(503, "server busy: the extraction queue is full (" + queue.capacity()
                    + " texts); retry shortly");
        }
        ctx.future(() -> submitted.get()
                .orTimeout(requestTimeoutMillis, TimeUnit.MILLISECONDS)
                .handle((results, failure) -> {
                    if (failure != null) {
                        answerFailure(ctx, failure);
                    } else {
                        ctx.json(batch ? batchAnswer(results) : ResultJson.result(results.get(0)));
                    }
                    return null;
                }));
    }

    private void answerFailure(Context ctx, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            ctx.status(503).json(ResultJson.error("timed out after " + requestTimeoutMillis + " ms waiting for the model"));
        } else {
            LOG.error("extraction failed", cause);
            ctx.status(500).json(ResultJson.error("internal error: " + cause));
        }
    }

    private static ObjectNode batchAnswer(List<ExtractionResult> results) {
        ObjectNode node = ResultJson.MAPPER.createObjectNode();
        ArrayNode array = node.putArray("results");
        results.forEach(r -> array.add(ResultJson.result(r)));
        return node;
    }

    private byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        try {
            byte[] body = ctx.req().getInputStream().readNBytes((int) maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ClientError tooLarge() {
        return new ClientError(413, "request body is larger than " + maxBodyBytes + " bytes");
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new ClientError(400, "empty body: send {\"text\": \"...\"} or {\"texts\": [\"...\", ...]}");
        }
        try {
            JsonNode node = ResultJson.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ClientError(400, "the body must be a JSON object: {\"text\": \"...\"} or {\"texts\": [...]}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ClientError(400, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> textsOf(JsonNode texts) {
        if (!texts.isArray()) {
            throw new ClientError(400, "\"texts\" must be an array of strings");
        }
        if (texts.size() > maxTextsPerRequest) {
            throw new ClientError(413, "\"texts\" holds " + texts.size() + " texts; at most " + maxTextsPerRequest
                    + " per request");
        }
        List<String> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(textOf(texts.get(i), "\"texts\"[" + i + "]"));
        }
        return out;
    }

    private String textOf(JsonNode text, String where) {
        if (!text.isTextual()) {
            throw new ClientError(400, where + " must be a string");
        }
        if (text.textValue().length() > maxTextChars) {
            throw new ClientError(413, where + " has " + text.textValue().length() + " characters; at most "
                    + maxTextChars + " per text");
        }
        return text.textValue();
    }

    /** A request the client must change: answered with its status and message, never logged as a failure. */
    private static final class ClientError extends RuntimeException {
        final int status;

        ClientError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** Builds an {@link ExtractionServer}: {@code set*} options are required, {@code opt*} ones have defaults. */
    public static final class Builder {
        private Extractor extractor;
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

        private Builder() {}

        /** The extractor that answers requests; the server closes nothing of it. */
        public Builder setExtractor(Extractor extractor) {
            this.extractor = Objects.requireNonNull(extractor, "extractor");
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

        /** Longer texts are refused with 413 (default 100,000 characters). */
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

        /** How many texts one batch may group (default 32). */
        public Builder optMaxBatchTexts(int maxBatchTexts) {
            this.maxBatchTexts = (int) positive(maxBatchTexts, "max batch texts");
            return this;
        }

        /** How long the first text of a batch waits for others (default 5 ms). */
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

        /** A request still waiting for the model after this long gets 503 (default 120 s). */
        public Builder optRequestTimeoutMillis(long requestTimeoutMillis) {
            this.requestTimeoutMillis = positive(requestTimeoutMillis, "request timeout");
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
