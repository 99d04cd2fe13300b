package dev.spanrel.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import dev.spanrel.cli.io.OutputFormat;
import dev.spanrel.cli.io.ResultJson;
import dev.spanrel.cli.io.ResultWriter;
import dev.spanrel.data.StrictJson;
import dev.spanrel.infer.ExtractedSentence;
import dev.spanrel.infer.ExtractionResult;
import dev.spanrel.infer.Extractor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Extract entities and relations from a file or standard input; writes JSON Lines, one",
                "{\"sentences\": [...]} record per input unit (a line of text, a JSONL record, a SpERT document),",
                "or with --output-format spert a SpERT JSON array of one document per sentence (for eval --pred)."})
final class PredictCommand implements Callable<Integer> {
    enum Format { text, jsonl, spert }

    /** Input units extracted together: large enough to fill the model's batches, small enough to stream. */
    private static final int UNITS_PER_CHUNK = 64;
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "FILE|-", description = "Input file, or - for standard input.")
    String input;

    @Option(names = "--format", defaultValue = "text", description = {
            "text: each non-blank line is one text (a paragraph or a sentence);",
            "jsonl: one {\"text\": ...} object per line (an \"id\" is passed through);",
            "spert: a SpERT JSON array of documents with \"tokens\" (or of token lists), not re-tokenized.",
            "Default: ${DEFAULT-VALUE}."})
    Format format;

    @Option(names = "--output-format", defaultValue = "jsonl", description = {
            "jsonl: one {\"sentences\": [...]} record per input unit, its line/index and id first;",
            "spert: a SpERT JSON array, one document per sentence (tokens, entities, relations, orig_id).",
            "Default: ${DEFAULT-VALUE}."})
    OutputFormat outputFormat;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file (written whole or not at all); default standard output.")
    Path out;

    @Option(names = "--batch-size", defaultValue = "16", description = "Sentences per model batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--precision", defaultValue = "auto", description = TaggerFlags.PREDICTING_PRECISION)
    String precision;

    @Option(names = "--relation-threshold", paramLabel = "P", description = TaggerFlags.RELATION_THRESHOLD)
    Double relationThreshold;

    private Progress progress;

    /** One input unit: where it came from (a field or two copied to the output first) and what to extract. */
    private record Unit(ObjectNode locator, String text, List<String> words) {}

    @Override
    public Integer call() throws IOException {
        // Mistakes in the arguments are reported before the model is loaded, not after a whole extraction.
        if (batchSize < 1) {
            throw new SpanrelException("--batch-size must be at least 1, got " + batchSize);
        }
        if (out != null && Files.isDirectory(out)) {
            throw new SpanrelException("--out " + out + " is a directory; give the file to write");
        }
        try (Extractor extractor = Extractor.builder().setModelDir(model).optBatchSize(batchSize)
                .optTaggerOptions(TaggerFlags.options(precision, relationThreshold)).build()) {
            if (out == null) {
                PrintWriter stdout = spec.commandLine().getOut();
                run(extractor, stdout);
                stdout.flush();
            } else {
                writeThenMove(extractor);
            }
        }
        return 0;
    }

    private void writeThenMove(Extractor extractor) throws IOException {
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        AtomicFiles.makeReadable(temp, false);
        try {
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                run(extractor, writer);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void run(Extractor extractor, Writer output) throws IOException {
        progress = new Progress(spec.commandLine().getErr());
        try (InputStream in = openInput()) {
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            ResultWriter writer = outputFormat.open(output);
            switch (format) {
                case text -> readLines(new BufferedReader(reader), extractor, writer, false);
                case jsonl -> readLines(new BufferedReader(reader), extractor, writer, true);
                case spert -> readSpert(reader, extractor, writer);
            }
            writer.finish();
        }
        progress.finish();
    }

    private InputStream openInput() throws IOException {
        if (input.equals("-")) {
            return System.in;
        }
        Path path = Path.of(input);
        if (!Files.isRegularFile(path)) {
            throw new SpanrelException("input file " + path + " does not exist or is not a file");
        }
        return Files.newInputStream(path);
    }

    private String inputName() {
        return input.equals("-") ? "standard input" : input;
    }

    private void readLines(BufferedReader reader, Extractor extractor, ResultWriter writer, boolean jsonl) throws IOException {
        List<Unit> chunk = new ArrayList<>(UNITS_PER_CHUNK);
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            ObjectNode locator = ResultJson.MAPPER.createObjectNode().put("line", lineNumber);
            String text = jsonl ? jsonlText(line, lineNumber, locator) : line;
            chunk.add(new Unit(locator, text, List.of()));
            if (chunk.size() == UNITS_PER_CHUNK) {
                extractTexts(chunk, extractor, writer);
            }
        }
        extractTexts(chunk, extractor, writer);
    }

    private String jsonlText(String line, int lineNumber, ObjectNode locator) {
        JsonNode record = StrictJson.readLine(line, inputName() + " line " + lineNumber);
        if (!record.isObject() || !record.path("text").isTextual()) {
            throw new SpanrelException(inputName() + " line " + lineNumber + ": expected an object with a string field \"text\"");
        }
        if (record.has("id")) {
            locator.set("id", record.get("id"));
        }
        return record.get("text").textValue();
    }

    private void readSpert(Reader reader, Extractor extractor, ResultWriter writer) throws IOException {
        try (JsonParser parser = ResultJson.MAPPER.createParser(reader)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new SpanrelException(inputName() + ": a SpERT file is a JSON array of documents");
            }
            List<Unit> chunk = new ArrayList<>(UNITS_PER_CHUNK);
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() == null) {
                    throw new SpanrelException(inputName() + ": the JSON array ends early, after document " + index);
                }
                JsonNode document = parser.readValueAsTree();
                ObjectNode locator = ResultJson.MAPPER.createObjectNode().put("index", index);
                chunk.add(new Unit(locator, "", spertTokens(document, index, locator)));
                index++;
                if (chunk.size() == UNITS_PER_CHUNK) {
                    extractWords(chunk, extractor, writer);
                }
            }
            StrictJson.requireEnd(parser, inputName(), true);
            extractWords(chunk, extractor, writer);
        } catch (JsonProcessingException e) {
            throw new SpanrelException(inputName() + ": malformed JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr());
        }
    }

    private List<String> spertTokens(JsonNode document, int index, ObjectNode locator) {
        JsonNode tokens = document.isArray() ? document : document.path("tokens");
        if (!tokens.isArray()) {
            throw new SpanrelException(inputName() + " document " + index + ": expected a \"tokens\" array");
        }
        if (document.has("orig_id")) {
            locator.set("orig_id", document.get("orig_id"));
        }
        List<String> words = new ArrayList<>(tokens.size());
        for (JsonNode token : tokens) {
            if (!token.isTextual()) {
                throw new SpanrelException(inputName() + " document " + index + ": token " + token + " is not a string");
            }
            words.add(token.textValue());
        }
        return words;
    }

    private void extractTexts(List<Unit> chunk, Extractor extractor, ResultWriter writer) throws IOException {
        if (chunk.isEmpty()) {
            return;
        }
        List<ExtractionResult> results = extractor.extractAll(chunk.stream().map(Unit::text).toList());
        for (int i = 0; i < chunk.size(); i++) {
            writer.write(chunk.get(i).locator(), results.get(i).sentences());
        }
        progress.done(chunk.size(), results.stream().mapToInt(r -> r.sentences().size()).sum());
        chunk.clear();
    }

    private void extractWords(List<Unit> chunk, Extractor extractor, ResultWriter writer) throws IOException {
        if (chunk.isEmpty()) {
            return;
        }
        List<ExtractedSentence> sentences = extractor.extractWords(chunk.stream().map(Unit::words).toList());
        for (int i = 0; i < chunk.size(); i++) {
            writer.write(chunk.get(i).locator(), List.of(sentences.get(i)));
        }
        progress.done(chunk.size(), chunk.size());
        chunk.clear();
    }

    /** Progress on standard error every couple of seconds, so small inputs stay quiet. */
    private static final class Progress {
        private final PrintWriter err;
        private final long started = System.nanoTime();
        private long lastReport = started;
        private long units;
        private long sentences;

        Progress(PrintWriter err) {
            this.err = err;
        }

        void done(int unitCount, int sentenceCount) {
            units += unitCount;
            sentences += sentenceCount;
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_EVERY_NANOS) {
                lastReport = now;
                report("predict: ");
            }
        }

        void finish() {
            if (lastReport != started) {
                report("predict: done, ");
            }
        }

        private void report(String prefix) {
            double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            err.printf("%s%d inputs, %d sentences, %.1f sentences/s%n", prefix, units, sentences, sentences / seconds);
            err.flush();
        }
    }
}
