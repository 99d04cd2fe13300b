package dev.spanrel.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.infer.Extractor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /metrics in Prometheus's text format: requests, errors, latency histogram, queue depth and batch sizes. */
class MetricsEndpointTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");

    private Extractor extractor;
    private ExtractionServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (extractor != null) {
            extractor.close();
        }
    }

    private void start(RecordingTagger tagger) {
        extractor = Extractor.builder().setTagger(tagger).build();
        server = ExtractionServer.builder().setExtractor(extractor).optModelName("gazetteer").optMaxWaitMillis(0)
                .build().start("127.0.0.1", 0);
    }

    private RawHttp.Response post(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RawHttp.send(server.port(), "POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n", bytes);
    }

    private RawHttp.Response request(String method, String path) throws Exception {
        return RawHttp.send(server.port(), method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    private String scrape() throws Exception {
        RawHttp.Response answer = request("GET", "/metrics");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        return answer.body();
    }

    @Test
    void requestsErrorsLatenciesAndBatchSizesAreCounted() throws Exception {
        start(RecordingTagger.taking(0));
        assertThat(post("{\"text\": \"John Smith lives in Paris.\"}").status()).isEqualTo(200);
        assertThat(post("{\"text\": \"Mary Jones moved to London.\"}").status()).isEqualTo(200);
        assertThat(post("{\"texts\": [\"Ann Lee lives in Boston. She works for Acme Corp.\", \"Paris\"]}").status()).isEqualTo(200);
        assertThat(post("{").status()).isEqualTo(400);
        assertThat(request("GET", "/no/such/path").status()).isEqualTo(404);
        assertThat(request("DELETE", "/health").status()).isEqualTo(405);

        String metrics = scrape();
        String extract200 = "method=POST,route=/v1/extract,status=200";
        assertThat(value(metrics, "spanrel_http_requests_seconds_count", extract200)).isEqualTo(3);
        assertThat(value(metrics, "spanrel_http_requests_seconds_bucket", extract200 + ",le=+Inf")).isEqualTo(3);
        assertThat(value(metrics, "spanrel_http_requests_seconds_bucket", extract200 + ",le=120.0")).isEqualTo(3);
        assertThat(value(metrics, "spanrel_http_requests_seconds_sum", extract200)).isPositive();
        assertThat(value(metrics, "spanrel_http_requests_seconds_count", "method=POST,route=/v1/extract,status=400")).isEqualTo(1);
        assertThat(value(metrics, "spanrel_http_requests_seconds_count", "method=GET,route=unmatched,status=404")).isEqualTo(1);
        assertThat(value(metrics, "spanrel_http_requests_seconds_count", "method=DELETE,route=/health,status=405")).isEqualTo(1);
        assertThat(value(metrics, "spanrel_http_errors_total", "route=/v1/extract,status=400")).isEqualTo(1);
        assertThat(value(metrics, "spanrel_http_errors_total", "route=unmatched,status=404")).isEqualTo(1);
        assertThat(value(metrics, "spanrel_http_errors_total", "route=/health,status=405")).isEqualTo(1);
        assertThat(metrics).doesNotContain("spanrel_http_errors_total{route=\"/v1/extract\",status=\"200\"}");
        assertThat(metrics).as("a random path is no series of its own").doesNotContain("/no/such/path");

        // Sentences: 1 + 1 + (2 + 1). Every batch is counted with its size, and they add up.
        double batches = value(metrics, "spanrel_batch_sentences_count", "");
        assertThat(value(metrics, "spanrel_batch_sentences_sum", "")).isEqualTo(5);
        assertThat(batches).isBetween(1.0, 5.0);
        assertThat(value(metrics, "spanrel_batch_sentences_bucket", "le=+Inf")).isEqualTo(batches);
        assertThat(value(metrics, "spanrel_queue_texts", "")).isZero();
        assertThat(value(metrics, "spanrel_queue_sentences_waiting", "")).isZero();
        assertThat(metrics).contains("jvm_memory_used_bytes");
    }

    @Test
    void theQueueDepthShowsWhatWaitsForTheModel() throws Exception {
        RecordingTagger tagger = RecordingTagger.holdingFirstBatch();
        start(tagger);
        CompletableFuture<RawHttp.Response> first = CompletableFuture.supplyAsync(() -> call("{\"text\": \"John Smith lives in Paris.\"}"));
        assertThat(tagger.firstBatchEntered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<RawHttp.Response> second = CompletableFuture.supplyAsync(
                () -> call("{\"text\": \"Mary Jones moved to London. Ann Lee lives in Boston.\"}"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String metrics = scrape();
        while (value(metrics, "spanrel_queue_texts", "") < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            metrics = scrape();
        }
        assertThat(value(metrics, "spanrel_queue_texts", "")).as("one text in the model, one waiting").isEqualTo(2);
        assertThat(value(metrics, "spanrel_queue_sentences_waiting", "")).as("the second text's two sentences").isEqualTo(2);

        tagger.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        metrics = scrape();
        assertThat(value(metrics, "spanrel_queue_texts", "")).isZero();
        assertThat(value(metrics, "spanrel_queue_sentences_waiting", "")).isZero();
        assertThat(value(metrics, "spanrel_batch_sentences_sum", "")).isEqualTo(3);
    }

    private RawHttp.Response call(String body) {
        try {
            return post(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The value of the one sample of {@code name} whose labels are exactly {@code labels} ("k=v,k=v", values
     * unquoted; "" for none).
     */
    static double value(String metrics, String name, String labels) {
        List<Double> found = new ArrayList<>();
        Map<String, String> wanted = labels.isEmpty() ? Map.of() : parseLabels(labels.replaceAll("([^,=]+)=([^,]*)", "$1=\"$2\""));
        for (String line : metrics.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name)
                    && (m.group(3) == null ? Map.of() : parseLabels(m.group(3))).equals(wanted)) {
                found.add(Double.parseDouble(m.group(4)));
            }
        }
        assertThat(found).as("%s{%s} in%n%s", name, labels, metrics).hasSize(1);
        return found.get(0);
    }

    private static Map<String, String> parseLabels(String text) {
        Map<String, String> labels = new java.util.TreeMap<>();
        Matcher m = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
        while (m.find()) {
            labels.put(m.group(1), m.group(2));
        }
        return labels;
    }
}
