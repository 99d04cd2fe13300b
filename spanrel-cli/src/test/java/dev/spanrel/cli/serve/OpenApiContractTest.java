package dev.spanrel.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanrel.SpanrelVersion;
import dev.spanrel.cli.GazetteerTagger;
import dev.spanrel.cli.io.ResultJson;
import dev.spanrel.infer.Extractor;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at /openapi.json against the real service: it lists exactly the server's paths, and for
 * every documented path, method and status there is a request here that gets that status, whose body matches the
 * documented schema and content type and which carries the documented required headers. A response documented
 * without a request to provoke it fails the test, as does a request whose answer the document does not describe.
 */
class OpenApiContractTest {
    private static final int MAX_TEXT_CHARS = 200;

    private final List<ExtractionServer> servers = new ArrayList<>();
    private Extractor extractor;
    private ExtractionServer ready;
    private ExtractionServer loading;
    private ExtractionServer failed;
    private JsonNode document;

    @AfterEach
    void stop() {
        servers.forEach(ExtractionServer::close);
        if (extractor != null) {
            extractor.close();
        }
    }

    private ExtractionServer start(ExtractionServer.Builder builder) {
        ExtractionServer server = builder.optModelName("gazetteer").optMaxTextChars(MAX_TEXT_CHARS).optBodyTimeoutMillis(300)
                .build().start("127.0.0.1", 0);
        servers.add(server);
        return server;
    }

    /** One request and the documented operation and status it is to get. */
    private record Check(String path, String operation, int status, ExtractionServer server, String rawRequest, byte[] body,
            boolean keepOpen) {}

    @Test
    void everyDocumentedPathMethodAndStatusMatchesWhatTheServerAnswers() throws Exception {
        extractor = Extractor.builder().setTagger(new GazetteerTagger()).build();
        ready = start(ExtractionServer.builder().setExtractor(extractor));
        loading = start(ExtractionServer.builder().setExtractor(new CompletableFuture<>()));
        failed = start(ExtractionServer.builder().setExtractor(CompletableFuture.failedFuture(new IllegalStateException("no model"))));

        RawHttp.Response served = RawHttp.send(ready.port(), get("/openapi.json"));
        assertThat(served.status()).isEqualTo(200);
        document = ResultJson.MAPPER.readTree(served.body());
        assertThat(document.at("/openapi").asText()).startsWith("3.0");
        assertThat(document.at("/info/version").asText()).isEqualTo(SpanrelVersion.version());
        assertThat(names(document.get("paths"))).as("documented paths").isEqualTo(new TreeSet<>(ready.paths()));

        List<Check> checks = new ArrayList<>();
        for (JsonNode example : document.at("/paths/~1v1~1extract/post/requestBody/content/application~1json/examples")) {
            assertThat(validate(example.get("value"), document.at("/paths/~1v1~1extract/post/requestBody/content/application~1json/schema"), "example"))
                    .as("a request example matches the request schema").isEmpty();
            checks.add(post("/v1/extract", 200, ready, ResultJson.MAPPER.writeValueAsString(example.get("value")), "application/json"));
        }
        checks.add(post("/v1/extract", 400, ready, "{\"text\": ", "application/json"));
        checks.add(new Check("/v1/extract", "post", 405, ready, get("/v1/extract"), new byte[0], false));
        checks.add(new Check("/v1/extract", "post", 408, ready, "POST /v1/extract HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n", "{".getBytes(StandardCharsets.UTF_8), true));
        checks.add(post("/v1/extract", 413, ready, "{\"text\": \"" + "a".repeat(MAX_TEXT_CHARS + 1) + "\"}", "application/json"));
        checks.add(post("/v1/extract", 415, ready, "{\"text\": \"Paris\"}", "application/json; charset=x-no-such-charset"));
        checks.add(post("/v1/extract", 503, loading, "{\"text\": \"Paris\"}", "application/json"));
        for (String path : List.of("/health", "/ready", "/metrics", "/openapi.json", "/", "/?text=Paris")) {
            String documented = path.startsWith("/?") ? "/" : path;
            checks.add(new Check(documented, "get", 200, ready, get(path), new byte[0], false));
        }
        for (String path : List.of("/health", "/ready", "/metrics", "/openapi.json", "/")) {
            checks.add(new Check(path, "get", 405, ready, "DELETE " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    new byte[0], false));
        }
        checks.add(new Check("/health", "get", 200, loading, get("/health"), new byte[0], false));
        checks.add(new Check("/health", "get", 503, failed, get("/health"), new byte[0], false));
        checks.add(new Check("/ready", "get", 503, loading, get("/ready"), new byte[0], false));

        Set<String> documentedResponses = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                names(op.getValue().get("responses")).forEach(status -> documentedResponses.add(path.getKey() + " " + op.getKey() + " " + status))));
        Set<String> checked = new TreeSet<>();
        for (Check check : checks) {
            RawHttp.Response answer = send(check);
            String where = check.path() + " " + check.operation() + " " + check.status();
            assertThat(answer.status()).as(where + ": " + answer.body()).isEqualTo(check.status());
            JsonNode response = resolve(document.at("/paths/" + pointer(check.path()) + "/" + check.operation() + "/responses/" + check.status()));
            assertThat(response.isMissingNode()).as(where + " is documented").isFalse();
            for (Map.Entry<String, JsonNode> header : fields(response.get("headers")).entrySet()) {
                if (header.getValue().path("required").asBoolean(false)) {
                    assertThat(answer.header(header.getKey())).as(where + ": header " + header.getKey()).isNotNull();
                }
            }
            Map<String, JsonNode> content = fields(response.get("content"));
            assertThat(content).as(where + " documents its content").hasSize(1);
            String mediaType = content.keySet().iterator().next();
            assertThat(answer.header("Content-Type")).as(where + " content type").startsWith(mediaType);
            JsonNode schema = content.get(mediaType).get("schema");
            if (mediaType.equals("application/json")) {
                assertThat(validate(ResultJson.MAPPER.readTree(answer.body()), schema, "body"))
                        .as(where + ": the body matches the schema:%n%s", answer.body()).isEmpty();
            } else {
                assertThat(resolve(schema).path("type").asText()).isEqualTo("string");
                assertThat(answer.body()).isNotEmpty();
            }
            checked.add(where);
        }
        assertThat(checked).as("every documented response is checked against the server").isEqualTo(documentedResponses);
    }

    @Test
    void theValidatorRefusesWhatTheSchemasDoNotAllow() throws Exception {
        extractor = Extractor.builder().setTagger(new GazetteerTagger()).build();
        ready = start(ExtractionServer.builder().setExtractor(extractor));
        document = ResultJson.MAPPER.readTree(RawHttp.send(ready.port(), get("/openapi.json")).body());
        JsonNode result = document.at("/components/schemas/Result");
        assertThat(validate(ResultJson.MAPPER.readTree("{\"sentences\": []}"), result, "body")).isEmpty();
        assertThat(validate(ResultJson.MAPPER.readTree("{\"sentences\": [], \"extra\": 1}"), result, "body"))
                .containsExactly("body: property extra is not documented");
        assertThat(validate(ResultJson.MAPPER.readTree("{\"sentences\": [{\"tokens\": [1]}]}"), result, "body"))
                .contains("body.sentences[0].tokens[0]: expected string, got 1", "body.sentences[0]: char_start is missing");
        assertThat(validate(ResultJson.MAPPER.readTree("{\"status\": \"maybe\", \"model\": \"m\"}"),
                document.at("/components/schemas/Health"), "body")).containsExactly("body.status: \"maybe\" is not one of [\"loading\",\"ok\"]");
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    }

    private static Check post(String path, int status, ExtractionServer server, String body, String contentType) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new Check(path, "post", status, server, "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n", bytes, false);
    }

    /** Sends the request; one that must stay open (a body that never completes) is read without closing its side. */
    private static RawHttp.Response send(Check check) throws Exception {
        if (!check.keepOpen()) {
            return RawHttp.send(check.server().port(), check.rawRequest(), check.body());
        }
        try (Socket socket = RawHttp.connect(check.server().port())) {
            OutputStream out = socket.getOutputStream();
            out.write(check.rawRequest().getBytes(StandardCharsets.ISO_8859_1));
            out.write(check.body());
            out.flush();
            return RawHttp.read(socket.getInputStream());
        }
    }

    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    private JsonNode resolve(JsonNode node) {
        while (node != null && node.has("$ref")) {
            node = document.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, JsonNode> fields(JsonNode object) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        if (object != null) {
            object.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        }
        return fields;
    }

    /**
     * What of {@code value} the schema does not allow: the part of OpenAPI 3.0's schemas the document uses
     * ({@code $ref}, {@code oneOf}, {@code type}, {@code enum}, {@code required}, {@code properties},
     * {@code additionalProperties: false}, {@code items}).
     */
    private List<String> validate(JsonNode value, JsonNode schemaOrRef, String where) {
        JsonNode schema = resolve(schemaOrRef);
        List<String> problems = new ArrayList<>();
        if (schema.has("oneOf")) {
            int matching = 0;
            for (JsonNode option : schema.get("oneOf")) {
                matching += validate(value, option, where).isEmpty() ? 1 : 0;
            }
            if (matching != 1) {
                problems.add(where + ": matches " + matching + " of the oneOf schemas, not 1");
            }
            return problems;
        }
        String type = schema.path("type").asText("");
        boolean typeOk = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!typeOk) {
            problems.add(where + ": expected " + type + ", got " + value);
            return problems;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(where + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    problems.add(where + ": " + required.asText() + " is missing");
                }
            }
            JsonNode properties = schema.path("properties");
            for (Iterator<String> it = value.fieldNames(); it.hasNext();) {
                String name = it.next();
                if (properties.has(name)) {
                    problems.addAll(validate(value.get(name), properties.get(name), where + "." + name));
                } else if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
                    problems.add(where + ": property " + name + " is not documented");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                problems.addAll(validate(value.get(i), schema.get("items"), where + "[" + i + "]"));
            }
        }
        return problems;
    }
}
