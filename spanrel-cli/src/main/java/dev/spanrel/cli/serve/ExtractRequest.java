package dev.spanrel.cli.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.spanrel.cli.io.ResultJson;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /v1/extract}: {@code {"text": "..."}} or {@code {"texts": ["...", ...]}}, decoded
 * strictly (UTF-8 unless the Content-Type names another charset) so that any body a client can send ends in a
 * 4xx that says what is wrong, never in a 500.
 */
record ExtractRequest(List<String> texts, boolean batch) {
    /** Anything after the object is an error: a second value there would otherwise be dropped unseen. */
    private static final ObjectReader READER = ResultJson.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static ExtractRequest parse(byte[] body, String charsetName, int maxTextChars, int maxTexts) {
        JsonNode request = json(decode(body, charsetName));
        boolean batch = request.has("texts");
        if (batch == request.has("text")) {
            throw new HttpError(400, "the body needs exactly one of \"text\" (a string) or \"texts\" (an array of strings)");
        }
        List<String> texts = batch ? textsOf(request.get("texts"), maxTextChars, maxTexts)
                : List.of(textOf(request.get("text"), "\"text\"", maxTextChars));
        return new ExtractRequest(texts, batch);
    }

    private static String decode(byte[] body, String charsetName) {
        if (body.length == 0) {
            throw new HttpError(400, "empty body: send {\"text\": \"...\"} or {\"texts\": [\"...\", ...]}");
        }
        Charset charset = charset(charsetName);
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(body.length * (double) decoder.maxCharsPerByte()) + 2);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new HttpError(400, "the body is not valid " + charset.name() + " at byte " + in.position()
                    + (charsetName == null ? " (a JSON body is UTF-8 unless its Content-Type names a charset)" : ""));
        }
        return out.flip().toString();
    }

    private static Charset charset(String name) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new HttpError(415, "unknown charset \"" + name + "\" in Content-Type; send UTF-8");
        }
    }

    private static JsonNode json(String body) {
        try {
            JsonNode node = READER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new HttpError(400, "the body must be a JSON object: {\"text\": \"...\"} or {\"texts\": [...]}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static List<String> textsOf(JsonNode texts, int maxTextChars, int maxTexts) {
        if (!texts.isArray()) {
            throw new HttpError(400, "\"texts\" must be an array of strings");
        }
        if (texts.size() > maxTexts) {
            throw new HttpError(413, "\"texts\" holds " + texts.size() + " texts; at most " + maxTexts + " per request");
        }
        List<String> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(textOf(texts.get(i), "\"texts\"[" + i + "]", maxTextChars));
        }
        return out;
    }

    private static String textOf(JsonNode text, String where, int maxTextChars) {
        if (!text.isTextual()) {
            throw new HttpError(400, where + " must be a string");
        }
        if (text.textValue().length() > maxTextChars) {
            throw new HttpError(413, where + " has " + text.textValue().length() + " characters; at most "
                    + maxTextChars + " per text");
        }
        return text.textValue();
    }
}
