package dev.spanrel.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanrel.cli.GazetteerTagger;
import dev.spanrel.cli.io.ResultJson;
import dev.spanrel.infer.Extractor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refusal, Jetty's own included, is {@code {"error": ...}} JSON with the status that names the fault. */
class HttpErrorContractTest {
    private static Extractor extractor;
    private static ExtractionServer server;

    @BeforeAll
    static void start() {
        extractor = Extractor.builder().setTagger(new GazetteerTagger()).build();
        server = ExtractionServer.builder().setExtractor(extractor).optModelName("gazetteer").build().start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        extractor.close();
    }

    private static RawHttp.Response send(String request, byte[] body) throws Exception {
        return RawHttp.send(server.port(), request, body);
    }

    private static RawHttp.Response get(String target) throws Exception {
        return send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", new byte[0]);
    }

    private static RawHttp.Response post(String contentType, byte[] body) throws Exception {
        return send("POST /v1/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\n\r\n", body);
    }

    private static String assertJsonError(RawHttp.Response response, int status) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = ResultJson.MAPPER.readTree(response.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("error");
        return body.get("error").asText();
    }

    @Test
    void aUriOverTheLimitIs414Json() throws Exception {
        String error = assertJsonError(get("/?text=" + "a".repeat(9000)), 414);
        assertThat(error).contains("URI is too long", "POST /v1/extract");
    }

    @Test
    void headersOverTheLimitAre431Json() throws Exception {
        RawHttp.Response response = send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(9000)
                + "\r\nConnection: close\r\n\r\n", new byte[0]);
        assertThat(assertJsonError(response, 431)).contains("headers are too large");
    }

    @Test
    void aDotDotUriIs400Json() throws Exception {
        assertThat(assertJsonError(get("/%2e%2e/%2e%2e/etc/passwd"), 400)).isNotBlank();
        assertThat(assertJsonError(get("/../etc/passwd"), 400)).isNotBlank();
        assertThat(assertJsonError(get("/%zz"), 400)).startsWith("bad request: ");
    }

    @Test
    void anUnsupportedHttpVersionIs505Json() throws Exception {
        RawHttp.Response response = send("GET /health HTTP/3.0\r\nHost: 127.0.0.1\r\n\r\n", new byte[0]);
        assertThat(assertJsonError(response, 505)).contains("HTTP version not supported");
    }

    @Test
    void aUtf32BodyIs400NotA500() throws Exception {
        byte[] utf32 = "{\"text\": \"Ann Lee\"}".getBytes(java.nio.charset.Charset.forName("UTF-32BE"));
        assertThat(assertJsonError(post("application/json", utf32), 400)).contains("malformed JSON");
        byte[] withBom = new byte[utf32.length + 4];
        withBom[2] = (byte) 0xFE;
        withBom[3] = (byte) 0xFF;
        System.arraycopy(utf32, 0, withBom, 4, utf32.length);
        assertThat(assertJsonError(post("application/json", withBom), 400)).startsWith("the body is not valid UTF-8 at byte 2");
    }

    @Test
    void bodiesThatAreNotUtf8OrNameAnUnknownCharsetAre4xx() throws Exception {
        byte[] latin1 = "{\"text\": \"Zoë\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(assertJsonError(post("application/json", latin1), 400)).startsWith("the body is not valid UTF-8 at byte 12");
        byte[] body = "{\"text\": \"Ann Lee\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(assertJsonError(post("application/json; charset=no-such-charset", body), 415))
                .contains("unknown charset \"no-such-charset\"");
        assertThat(post("application/json; charset=ISO-8859-1", latin1).status()).isEqualTo(200);
    }

    @Test
    void aBodyShorterThanItsContentLengthIs400() throws Exception {
        byte[] half = "{\"text\": \"Ann".getBytes(StandardCharsets.UTF_8);
        RawHttp.Response response = send("POST /v1/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 200\r\n\r\n", half);
        assertThat(assertJsonError(response, 400)).isEqualTo("the request body ended after 13 of the 200 bytes its Content-Length announced");
    }

    @Test
    void aSecondJsonValueAfterTheObjectIs400() throws Exception {
        byte[] body = "{\"text\": \"Ann Lee\"} {\"text\": \"Paris\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(assertJsonError(post("application/json", body), 400)).contains("malformed JSON", "Trailing token");
    }

    @Test
    void aWrongMethodOnAKnownPathIs405WithAllow() throws Exception {
        RawHttp.Response get = get("/v1/extract");
        assertThat(assertJsonError(get, 405)).isEqualTo("GET is not allowed on /v1/extract; use POST, OPTIONS");
        assertThat(get.header("Allow")).isEqualTo("POST, OPTIONS");
        RawHttp.Response delete = send("DELETE /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", new byte[0]);
        assertJsonError(delete, 405);
        assertThat(delete.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        RawHttp.Response trace = send("TRACE /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", new byte[0]);
        assertThat(assertJsonError(trace, 405)).isEqualTo("TRACE is not allowed on /health; use GET, HEAD, OPTIONS");
        RawHttp.Response madeUp = send("FROB /ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", new byte[0]);
        assertThat(assertJsonError(madeUp, 405)).isEqualTo("FROB is not allowed on /ready; use GET, HEAD, OPTIONS");
        RawHttp.Response post = post("application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(post.status()).isEqualTo(400);
        RawHttp.Response options = send("OPTIONS /v1/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", new byte[0]);
        assertThat(options.status()).isEqualTo(204);
        assertThat(options.header("Allow")).isEqualTo("POST, OPTIONS");
        assertThat(assertJsonError(get("/nothing/here"), 404)).startsWith("no such endpoint: GET /nothing/here");
    }
}
