package dev.spanrel.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanrel.cli.GazetteerTagger;
import dev.spanrel.cli.Main;
import dev.spanrel.cli.io.ResultJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.infer.Extractor;
import dev.spanrel.infer.SentenceTagger;
import dev.spanrel.infer.SentencePrediction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness apart from liveness, CORS on request, request ids, and what the log says about clients. */
class ServiceEndpointsTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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

    private ExtractionServer start(ExtractionServer.Builder builder) {
        server = builder.optModelName("gazetteer").build().start("127.0.0.1", 0);
        return server;
    }

    private ExtractionServer.Builder gazetteer() {
        extractor = Extractor.builder().setTagger(new GazetteerTagger()).build();
        return ExtractionServer.builder().setExtractor(extractor);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private HttpRequest.Builder extract(String text) {
        return get("/v1/extract").POST(HttpRequest.BodyPublishers.ofString(
                ResultJson.MAPPER.createObjectNode().put("text", text).toString()));
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return ResultJson.MAPPER.readTree(response.body()).get("error").asText();
    }

    @Test
    void readyAnswers503UntilTheModelIsLoadedWhileHealthAnswersAtOnce() throws Exception {
        CompletableFuture<Extractor> loading = new CompletableFuture<>();
        start(ExtractionServer.builder().setExtractor(loading));
        HttpResponse<String> health = send(get("/health"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"loading\",\"model\":\"gazetteer\"}");
        HttpResponse<String> notReady = send(get("/ready"));
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(error(notReady)).isEqualTo("the model is still loading; retry shortly");
        HttpResponse<String> early = send(extract("Ann Lee lives in Paris."));
        assertThat(early.statusCode()).isEqualTo(503);
        assertThat(error(early)).isEqualTo("the model is still loading; retry shortly");

        loading.complete(extractor = Extractor.builder().setTagger(new GazetteerTagger()).build());
        HttpResponse<String> ready = send(get("/ready"));
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\",\"model\":\"gazetteer\"}");
        assertThat(send(get("/health")).body()).startsWith("{\"status\":\"ok\",\"model\":\"gazetteer\",\"entity_types\":[\"Loc\"");
        assertThat(send(extract("Ann Lee lives in Paris.")).statusCode()).isEqualTo(200);
    }

    @Test
    void aModelThatFailedToLoadLeavesReadyAndHealthAt503WithTheReason() throws Exception {
        start(ExtractionServer.builder().setExtractor(CompletableFuture.failedFuture(
                new IllegalStateException("no model in /tmp/nothing"))));
        for (String path : List.of("/ready", "/health")) {
            HttpResponse<String> response = send(get(path));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(error(response)).isEqualTo("the model failed to load: no model in /tmp/nothing");
        }
    }

    @Test
    void withoutCorsOriginsNoPageElsewhereIsAllowedToRead() throws Exception {
        start(gazetteer());
        HttpResponse<String> response = send(extract("Ann Lee").header("Origin", "https://app.example.org"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> preflight = send(get("/v1/extract").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.org").header("Access-Control-Request-Method", "POST"));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
    }

    @Test
    void aCorsOriginMayCallFromItsPagesAndOthersMayNot() throws Exception {
        start(gazetteer().optCorsOrigins(List.of("https://App.Example.org")));
        HttpResponse<String> allowed = send(extract("Ann Lee").header("Origin", "https://app.example.org"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.org");
        assertThat(allowed.headers().firstValue("Vary")).hasValue("Origin");
        assertThat(allowed.headers().firstValue("Access-Control-Expose-Headers")).hasValue("X-Request-Id, Retry-After");
        HttpResponse<String> other = send(extract("Ann Lee").header("Origin", "https://evil.example.com"));
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> preflight = send(get("/v1/extract").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.org").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.org");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST, OPTIONS");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Content-Type, X-Request-Id");
        // Errors carry the header too, so the page can show the message.
        HttpResponse<String> bad = send(get("/v1/extract").header("Origin", "https://app.example.org")
                .POST(HttpRequest.BodyPublishers.ofString("{")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.org");
    }

    @Test
    void aCorsOriginMustBeAnOrigin() {
        for (String origin : List.of("app.example.org", "https://app.example.org/page", "ftp://x.org", "")) {
            assertThatThrownBy(() -> ExtractionServer.builder().optCorsOrigins(List.of(origin)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme://host[:port]");
        }
    }

    @Test
    void serveRefusesABadCorsOriginAndExitsWhenTheModelCannotLoad(@TempDir Path dir) {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setErr(new java.io.PrintWriter(err));
        assertThat(cli.execute("serve", "--model", dir.toString(), "--port", "0", "--cors-origin", "app.example.org")).isEqualTo(2);
        assertThat(err.toString()).contains("a CORS origin is scheme://host[:port]");
        // The port opens first; the failed load then ends the command with its reason.
        assertThat(cli.execute("serve", "--model", dir.resolve("missing").toString(), "--port", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("serving", "cannot load the model " + dir.resolve("missing"));
    }

    @Test
    void requestIdsAreEchoedOrGeneratedAndNamedInTheLog() throws Exception {
        SentenceTagger failing = new SentenceTagger() {
            @Override
            public TypeSystem types() {
                return new GazetteerTagger().types();
            }

            @Override
            public List<SentencePrediction> predict(List<List<String>> sentences) {
                throw new IllegalStateException("native kernel failed");
            }
        };
        extractor = Extractor.builder().setTagger(failing).build();
        start(ExtractionServer.builder().setExtractor(extractor));
        assertThat(send(get("/health").header("X-Request-Id", "client-42")).headers().firstValue("X-Request-Id"))
                .hasValue("client-42");
        String generated = send(get("/health")).headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(generated).matches("[0-9a-f]{16}");
        String replaced = send(get("/health").header("X-Request-Id", "has spaces; and more")).headers()
                .firstValue("X-Request-Id").orElseThrow();
        assertThat(replaced).matches("[0-9a-f]{16}");

        String log = stderrOf(() -> {
            HttpResponse<String> failed = send(extract("Ann Lee").header("X-Request-Id", "trace-7"));
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.headers().firstValue("X-Request-Id")).hasValue("trace-7");
            assertThat(error(failed)).contains("native kernel failed");
        });
        assertThat(log).contains("ERROR dev.spanrel.cli.serve.ExtractionServer - request trace-7: extraction failed");
    }

    @Test
    void aClientThatHangsUpMidBodyIsNotLoggedAsAnError() throws Exception {
        start(gazetteer());
        String log = stderrOf(() -> {
            try (Socket socket = RawHttp.connect(server.port())) {
                socket.getOutputStream().write(("POST /v1/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 500\r\n\r\n{\"te")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(200);
                socket.setSoLinger(true, 0); // a reset, as a client that goes away does
            }
            Thread.sleep(500);
            assertThat(send(extract("Ann Lee")).statusCode()).isEqualTo(200);
        });
        assertThat(log).doesNotContain("ERROR").doesNotContain("Exception");
    }

    private interface Action {
        void run() throws Exception;
    }

    /** What the log (slf4j-simple writes to System.err) says while {@code action} runs. */
    private static String stderrOf(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
