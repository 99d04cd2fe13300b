package dev.spanrel.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.cli.io.ResultJson;
import dev.spanrel.infer.Extractor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping the server with requests in flight: each one is answered, and the model is not used once closed. */
class ServerShutdownTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyRequestInFlightIsAnswered200Or503AndTheModelIsIdleWhenCloseReturns() throws Exception {
        RecordingTagger tagger = RecordingTagger.taking(300);
        Extractor extractor = Extractor.builder().setTagger(tagger).build();
        ExtractionServer server = ExtractionServer.builder().setExtractor(extractor).optModelName("gazetteer")
                .optMaxBatchTexts(2).optShutdownGraceMillis(800).build().start("127.0.0.1", 0);
        URI extract = URI.create("http://127.0.0.1:" + server.port() + "/v1/extract");
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(extract).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"Ann Lee lives in Paris, request " + i + ".\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(tagger.firstBatchEntered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100); // let every request reach the queue
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);

        // While it drains, the listener is still open and tells a load balancer to send nothing more.
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ready"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ResultJson.MAPPER.readTree(ready.body()).get("error").asText()).isEqualTo("the server is shutting down");

        closing.get(30, TimeUnit.SECONDS);
        int batchesWhenClosed = tagger.batches.size();
        extractor.close();
        int answered200 = 0;
        int answered503 = 0;
        for (CompletableFuture<HttpResponse<String>> request : inFlight) {
            HttpResponse<String> response = request.get(10, TimeUnit.SECONDS); // a dropped connection fails here
            if (response.statusCode() == 200) {
                answered200++;
                assertThat(ResultJson.MAPPER.readTree(response.body()).get("sentences").get(0).get("entities")
                        .findValuesAsText("text")).containsExactly("Ann Lee", "Paris");
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(ResultJson.MAPPER.readTree(response.body()).get("error").asText()).isEqualTo("the server is shutting down");
                answered503++;
            }
        }
        // 300 ms per batch of 2 within a grace of 800 ms: some finished, the rest were refused.
        assertThat(answered200).isBetween(2, 10);
        assertThat(answered503).isEqualTo(12 - answered200);
        Thread.sleep(500);
        assertThat(tagger.batches).hasSize(batchesWhenClosed);
        assertThat(tagger.usedAfterClose).isFalse();
    }
}
