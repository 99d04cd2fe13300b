package dev.spanrel.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanrel.cli.GazetteerTagger;
import dev.spanrel.cli.Main;
import dev.spanrel.cli.PredictCommandTest;
import dev.spanrel.cli.io.ResultJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.infer.Extractor;
import dev.spanrel.infer.SentenceTagger;
import dev.spanrel.infer.SentencePrediction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExtractionServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final GazetteerTagger tagger = new GazetteerTagger();
    private Extractor extractor;
    private ExtractionServer server;

    private ExtractionServer start(ExtractionServer.Builder builder) {
        server = builder.optModelName("gazetteer").build().start("127.0.0.1", 0);
        return server;
    }

    private ExtractionServer start() {
        extractor = Extractor.builder().setTagger(tagger).build();
        return start(ExtractionServer.builder().setExtractor(extractor));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (extractor != null) {
            extractor.close();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/v1/extract")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return ResultJson.MAPPER.readTree(response.body());
    }

    private static String textBody(String text) {
        return ResultJson.MAPPER.createObjectNode().put("text", text).toString();
    }

    @Test
    void healthNamesTheModelAndItsTypes() throws Exception {
        start();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\",\"model\":\"gazetteer\","
                + "\"entity_types\":[\"Loc\",\"Org\",\"Peop\",\"Other\"],\"relation_types\":[\"Work_For\",\"Live_In\"]}");
    }

    @Test
    void extractAnswersTheSameJsonAsPredict() throws Exception {
        start();
        HttpResponse<String> response = post(textBody("John Smith lives in Paris."));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"sentences\":[" + PredictCommandTest.PARIS + "]}");
    }

    @Test
    void batchAnswersOneResultPerTextInOrder() throws Exception {
        start();
        HttpResponse<String> response = post("{\"texts\": [\"John Smith lives in Paris.\", \"\", \"Ann Lee works for Acme Corp.\"]}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode results = json(response).get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).toString()).isEqualTo("{\"sentences\":[" + PredictCommandTest.PARIS + "]}");
        assertThat(results.get(1).get("sentences")).isEmpty();
        JsonNode ann = results.get(2).get("sentences").get(0);
        assertThat(ann.get("entities").findValuesAsText("text")).containsExactly("Ann Lee", "Acme Corp.");
        assertThat(ann.get("relations").get(0).get("type").asText()).isEqualTo("Work_For");
    }

    @Test
    void clientMistakesGetA4xxWithAClearMessage() throws Exception {
        start(ExtractionServer.builder().setExtractor(extractor = Extractor.builder().setTagger(tagger).build())
                .optMaxTextChars(50).optMaxTextsPerRequest(3));
        assertError(post("{\"text\": \"unclosed"), 400, "malformed JSON");
        assertError(post(""), 400, "empty body");
        assertError(post("[\"a\"]"), 400, "JSON object");
        assertError(post("{\"txt\": \"hello\"}"), 400, "exactly one of \"text\"");
        assertError(post("{\"text\": \"a\", \"texts\": [\"b\"]}"), 400, "exactly one of \"text\"");
        assertError(post("{\"text\": 42}"), 400, "\"text\" must be a string");
        assertError(post("{\"texts\": \"abc\"}"), 400, "must be an array");
        assertError(post("{\"texts\": [\"ok\", null]}"), 400, "\"texts\"[1] must be a string");
        assertError(post(textBody("x".repeat(51))), 413, "at most 50");
        assertError(post("{\"texts\": [\"a\", \"b\", \"c\", \"d\"]}"), 413, "at most 3");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(uri("/v2/nothing")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(missing, 404, "no such endpoint");
        // The server still answers normally afterwards.
        assertThat(post(textBody("John Smith lives in Paris.")).statusCode()).isEqualTo(200);
    }

    @Test
    void oversizedBodyGets413() throws Exception {
        start();
        String huge = textBody("word ".repeat(300_000));
        assertError(post(huge), 413, "larger than 1048576 bytes");
        assertThat(post(textBody("Ann Lee")).statusCode()).isEqualTo(200);
    }

    private static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("error").asText()).contains(message);
    }

    @Test
    void concurrentClientsAreBatchedAndAllAnsweredCorrectly() throws Exception {
        start();
        List<String> people = List.of("John Smith", "Mary Jones", "Ann Lee");
        List<String> places = List.of("Paris", "London", "Boston", "New York");
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 32; c++) {
            int client = c;
            clients.add(CompletableFuture.runAsync(() -> {
                for (int r = 0; r < 5; r++) {
                    String person = people.get((client + r) % people.size());
                    String place = places.get((client * 7 + r) % places.size());
                    String text = "Request " + client + "-" + r + ": " + person + " lives in " + place + ".";
                    try {
                        HttpResponse<String> response = post(textBody(text));
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                        JsonNode sentence = json(response).get("sentences").get(0);
                        assertThat(sentence.get("entities").findValuesAsText("text")).containsExactly(person, place);
                        JsonNode relation = sentence.get("relations").get(0);
                        assertThat(relation.get("type").asText()).isEqualTo("Live_In");
                        int start = sentence.get("entities").get(1).get("char_start").asInt();
                        assertThat(text.substring(start, start + place.length())).isEqualTo(place);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }, java.util.concurrent.Executors.newFixedThreadPool(1)));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(tagger.largestBatch.get()).as("requests grouped into one batch").isGreaterThan(1);
    }

    @Test
    void aFullQueueAnswers503AndRecovers() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SentenceTagger slow = new SentenceTagger() {
            @Override
            public TypeSystem types() {
                return tagger.types();
            }

            @Override
            public List<SentencePrediction> predict(List<List<String>> sentences) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return tagger.predict(sentences);
            }
        };
        extractor = Extractor.builder().setTagger(slow).build();
        start(ExtractionServer.builder().setExtractor(extractor).optQueueCapacity(2));
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(HttpRequest.newBuilder(uri("/v1/extract"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"texts\": [\"Ann Lee\", \"Paris\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        // Both texts are in work and hold the queue's whole room until the tagger returns.
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertError(post(textBody("John Smith")), 503, "queue is full");
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(post(textBody("John Smith lives in Paris.")).statusCode()).isEqualTo(200);
    }

    @Test
    void pageIsServed() throws Exception {
        start();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("<textarea", "v1/extract")
                .doesNotContain("src=\"http", "href=\"http", "@import"); // no CDN: the page works offline
    }

    @Test
    void loadTestRefusesNonLoopbackAndMeasuresALocalServer() throws Exception {
        start();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new java.io.PrintWriter(out));
        cli.setErr(new java.io.PrintWriter(err));
        assertThat(cli.execute("loadtest", "--url", "http://192.0.2.1:8080", "--seconds", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("only sends to loopback");
        assertThat(cli.execute("loadtest", "--url", "http://127.0.0.1:" + server.port(), "--clients", "4",
                "--seconds", "1", "--max-requests", "200")).isZero();
        assertThat(out.toString()).contains("requests/s", "sentences/s", "p50", "p99").contains("errors       0");
    }
}
