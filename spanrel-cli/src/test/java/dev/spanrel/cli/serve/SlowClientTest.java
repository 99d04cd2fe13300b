package dev.spanrel.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.cli.GazetteerTagger;
import dev.spanrel.cli.io.ResultJson;
import dev.spanrel.infer.Extractor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clients that send their bodies a byte at a time hold no HTTP thread, and are cut off at the body deadline. */
class SlowClientTest {
    private static final int DRIBBLERS = 40;
    private static final Duration DRIBBLE_FOR = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Socket> sockets = new ArrayList<>();
    private Extractor extractor;
    private ExtractionServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        server.close();
        extractor.close();
    }

    private ExtractionServer start(long bodyTimeoutMillis) {
        extractor = Extractor.builder().setTagger(new GazetteerTagger()).build();
        // The default of 32 HTTP threads: fewer than the dribbling clients.
        server = ExtractionServer.builder().setExtractor(extractor).optModelName("gazetteer")
                .optBodyTimeoutMillis(bodyTimeoutMillis).build().start("127.0.0.1", 0);
        return server;
    }

    /** Headers announcing a 1,000-byte body, then its first byte. */
    private Socket startDribbling() throws IOException {
        Socket socket = RawHttp.connect(server.port());
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> extract(String text) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/extract"))
                .timeout(Duration.ofSeconds(2))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"" + text + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndShortExtractionsAnswerWithinTwoSecondsWhileFortyClientsDribble() throws Exception {
        start(60_000);
        for (int i = 0; i < DRIBBLERS; i++) {
            startDribbling();
        }
        long end = System.nanoTime() + DRIBBLE_FOR.toNanos();
        int probes = 0;
        while (System.nanoTime() < end) {
            for (Socket socket : sockets) {
                socket.getOutputStream().write(' '); // one more byte of whitespace before the JSON goes on
                socket.getOutputStream().flush();
            }
            // Each probe fails with HttpTimeoutException if the server takes more than 2 s.
            assertThat(get("/health").statusCode()).isEqualTo(200);
            HttpResponse<String> extracted = extract("Ann Lee lives in Paris.");
            assertThat(extracted.statusCode()).as(extracted.body()).isEqualTo(200);
            assertThat(ResultJson.MAPPER.readTree(extracted.body()).get("sentences").get(0).get("relations")
                    .get(0).get("type").asText()).isEqualTo("Live_In");
            probes++;
            Thread.sleep(2000);
        }
        assertThat(probes).isGreaterThanOrEqualTo(9);
        // The dribblers are still connected and waiting to finish their bodies: none was answered.
        for (Socket socket : sockets) {
            assertThat(socket.getInputStream().available()).isZero();
        }
    }

    @Test
    void aBodyNotCompleteByTheDeadlineGets408AsJsonAndTheConnectionCloses() throws Exception {
        start(1000);
        Socket socket = startDribbling();
        long started = System.nanoTime();
        RawHttp.Response answer = RawHttp.read(socket.getInputStream());
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.header("Connection")).isEqualTo("close");
        assertThat(ResultJson.MAPPER.readTree(answer.body()).get("error").asText())
                .isEqualTo("the request body did not arrive within 1000 ms");
        assertThat(tookMillis).isBetween(900L, 5000L);
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }
}
