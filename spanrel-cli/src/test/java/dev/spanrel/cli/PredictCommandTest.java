package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** predict: input formats, output formats, atomic output, errors (the server tests reuse its expected sentence). */
public class PredictCommandTest {
    @TempDir Path dir;
    Path model;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void createModel() {
        model = GazetteerTaggerFactory.createModelDir(dir);
    }

    private int predict(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = Stream.concat(Stream.of("predict", "--model", model.toString()), Stream.of(args)).toArray(String[]::new);
        return cli.execute(all);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    public static final String PARIS = "{\"tokens\":[\"John\",\"Smith\",\"lives\",\"in\",\"Paris\",\".\"],\"char_start\":0,\"char_end\":26,"
            + "\"entities\":[{\"type\":\"Peop\",\"start\":0,\"end\":2,\"text\":\"John Smith\",\"char_start\":0,\"char_end\":10,\"score\":0.9},"
            + "{\"type\":\"Loc\",\"start\":4,\"end\":5,\"text\":\"Paris\",\"char_start\":20,\"char_end\":25,\"score\":0.9}],"
            + "\"relations\":[{\"type\":\"Live_In\",\"head\":0,\"tail\":1,\"score\":0.75}]}";

    @Test
    void textLinesGiveOneRecordPerNonBlankLine() throws IOException {
        Path input = write("in.txt", "John Smith lives in Paris.\n\n  Mary Jones works for Acme Corp. in London. Nothing here.\n");
        assertThat(predict("--input", input.toString())).isZero();
        assertThat(out.toString()).isEqualTo(
                "{\"line\":1,\"sentences\":[" + PARIS + "]}\n"
                + "{\"line\":3,\"sentences\":[{\"tokens\":[\"Mary\",\"Jones\",\"works\",\"for\",\"Acme\",\"Corp.\",\"in\",\"London\",\".\"],"
                + "\"char_start\":2,\"char_end\":44,\"entities\":["
                + "{\"type\":\"Peop\",\"start\":0,\"end\":2,\"text\":\"Mary Jones\",\"char_start\":2,\"char_end\":12,\"score\":0.9},"
                + "{\"type\":\"Org\",\"start\":4,\"end\":6,\"text\":\"Acme Corp.\",\"char_start\":23,\"char_end\":33,\"score\":0.9},"
                + "{\"type\":\"Loc\",\"start\":7,\"end\":8,\"text\":\"London\",\"char_start\":37,\"char_end\":43,\"score\":0.9}],"
                + "\"relations\":[{\"type\":\"Work_For\",\"head\":0,\"tail\":1,\"score\":0.75},"
                + "{\"type\":\"Live_In\",\"head\":0,\"tail\":2,\"score\":0.75}]},"
                + "{\"tokens\":[\"Nothing\",\"here\",\".\"],\"char_start\":45,\"char_end\":58,\"entities\":[],\"relations\":[]}]}\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void jsonlRecordsKeepTheirIds() throws IOException {
        Path input = write("in.jsonl", "{\"id\": \"a-1\", \"text\": \"John Smith lives in Paris.\"}\n\n{\"text\": \"\"}\n");
        assertThat(predict("--input", input.toString(), "--format", "jsonl")).isZero();
        assertThat(out.toString()).isEqualTo(
                "{\"line\":1,\"id\":\"a-1\",\"sentences\":[" + PARIS + "]}\n"
                + "{\"line\":3,\"sentences\":[]}\n");
    }

    @Test
    void spertDocumentsAreNotRetokenized() throws IOException {
        Path input = write("in.json", "[{\"orig_id\": 7, \"tokens\": [\"John\", \"Smith\", \"lives\", \"in\", \"Paris\", \".\"],"
                + " \"entities\": [], \"relations\": []}, [\"Ann\", \"Lee\"]]");
        assertThat(predict("--input", input.toString(), "--format", "spert")).isZero();
        assertThat(out.toString()).isEqualTo(
                "{\"index\":0,\"orig_id\":7,\"sentences\":["
                        // Words joined by single spaces: "Paris ." is one character longer than "Paris."
                        + PARIS.replace("\"char_end\":26", "\"char_end\":27") + "]}\n"
                + "{\"index\":1,\"sentences\":[{\"tokens\":[\"Ann\",\"Lee\"],\"char_start\":0,\"char_end\":7,\"entities\":["
                + "{\"type\":\"Peop\",\"start\":0,\"end\":2,\"text\":\"Ann Lee\",\"char_start\":0,\"char_end\":7,\"score\":0.9}],"
                + "\"relations\":[]}]}\n");
    }

    @Test
    void spertOutputIsOneDocumentPerSentenceThatEvalScoresAgainstGold() throws Exception {
        Path input = write("in.txt", "John Smith lives in Paris.\n\nAnn Lee works for Acme Corp. Nothing here.\n");
        Path pred = dir.resolve("pred.json");
        assertThat(predict("--input", input.toString(), "--output-format", "spert", "--out", pred.toString())).isZero();
        assertThat(Files.readString(pred)).isEqualTo("[\n"
                + "{\"tokens\":[\"John\",\"Smith\",\"lives\",\"in\",\"Paris\",\".\"],\"entities\":[{\"type\":\"Peop\",\"start\":0,\"end\":2},"
                + "{\"type\":\"Loc\",\"start\":4,\"end\":5}],\"relations\":[{\"type\":\"Live_In\",\"head\":0,\"tail\":1}]},\n"
                + "{\"tokens\":[\"Ann\",\"Lee\",\"works\",\"for\",\"Acme\",\"Corp.\"],\"entities\":[{\"type\":\"Peop\",\"start\":0,\"end\":2},"
                + "{\"type\":\"Org\",\"start\":4,\"end\":6}],\"relations\":[{\"type\":\"Work_For\",\"head\":0,\"tail\":1}]},\n"
                + "{\"tokens\":[\"Nothing\",\"here\",\".\"],\"entities\":[],\"relations\":[]}\n]\n");

        // The predictions are a SpERT data file: read back with the model's types, and scored by eval --pred against
        // a gold file that misses one relation and has one entity typed otherwise.
        TypeSystem types = new GazetteerTagger().types();
        Path typesFile = dir.resolve("types.json");
        SpertJson.writeTypes(typesFile, types);
        List<Document> predicted = SpertJson.readDocuments(pred, types);
        assertThat(predicted).hasSize(3);
        assertThat(predicted.get(1).relations()).singleElement().satisfies(r -> assertThat(r.type().name()).isEqualTo("Work_For"));
        Path gold = write("gold.json", "["
                + "{\"tokens\":[\"John\",\"Smith\",\"lives\",\"in\",\"Paris\",\".\"],\"entities\":[{\"type\":\"Peop\",\"start\":0,\"end\":2},"
                + "{\"type\":\"Loc\",\"start\":4,\"end\":5}],\"relations\":[{\"type\":\"Live_In\",\"head\":0,\"tail\":1}]},"
                + "{\"tokens\":[\"Ann\",\"Lee\",\"works\",\"for\",\"Acme\",\"Corp.\"],\"entities\":[{\"type\":\"Peop\",\"start\":0,\"end\":2},"
                + "{\"type\":\"Loc\",\"start\":4,\"end\":6}],\"relations\":[]},"
                + "{\"tokens\":[\"Nothing\",\"here\",\".\"],\"entities\":[],\"relations\":[]}]");
        CommandsTest.Run eval = CommandsTest.run("eval", "--gold", gold.toString(), "--pred", pred.toString(),
                "--types", typesFile.toString(), "--json");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode scores = new ObjectMapper().readTree(eval.out());
        // Entities: 3 of 4 right (Acme Corp. typed Org, gold Loc); relations: 1 right of 2 predicted, 1 gold.
        assertThat(scores.at("/entities/micro/precision").asDouble()).isEqualTo(75.0);
        assertThat(scores.at("/relations_strict/micro/precision").asDouble()).isEqualTo(50.0);
        assertThat(scores.at("/relations_strict/micro/recall").asDouble()).isEqualTo(100.0);
    }

    @Test
    void aJsonlIdBecomesTheOrigIdOfEachSentenceInSpertOutput() throws IOException {
        Path input = write("in.jsonl", "{\"id\": 12, \"text\": \"Ann Lee sings. Nothing here.\"}\n{\"text\": \"\"}\n");
        assertThat(predict("--input", input.toString(), "--format", "jsonl", "--output-format", "spert")).isZero();
        assertThat(out.toString()).isEqualTo("[\n"
                + "{\"tokens\":[\"Ann\",\"Lee\",\"sings\",\".\"],\"entities\":[{\"type\":\"Peop\",\"start\":0,\"end\":2}],"
                + "\"relations\":[],\"orig_id\":12},\n"
                + "{\"tokens\":[\"Nothing\",\"here\",\".\"],\"entities\":[],\"relations\":[],\"orig_id\":12}\n]\n");
        out.getBuffer().setLength(0);
        Path empty = write("empty.txt", "\n");
        assertThat(predict("--input", empty.toString(), "--output-format", "spert")).isZero();
        assertThat(out.toString()).isEqualTo("[]\n");
    }

    @Test
    void outFileIsWrittenWholeWithNothingLeftBehind() throws IOException {
        Path input = write("in.txt", "John Smith lives in Paris.\n");
        Path target = dir.resolve("results/out.jsonl");
        assertThat(predict("--input", input.toString(), "--out", target.toString())).isZero();
        assertThat(Files.readString(target)).isEqualTo("{\"line\":1,\"sentences\":[" + PARIS + "]}\n");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void malformedJsonlNamesTheLine() throws IOException {
        Path input = write("bad.jsonl", "{\"text\": \"fine\"}\n{\"text\": oops}\n");
        Path target = dir.resolve("out.jsonl");
        assertThat(predict("--input", input.toString(), "--format", "jsonl", "--out", target.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bad.jsonl line 2").contains("malformed JSON");
        assertThat(target).doesNotExist();
    }

    @Test
    void aSecondJsonlObjectOnOneLineIsAnErrorNotDropped() throws IOException {
        String first = "{\"text\": \"John Smith lives in Paris.\"}";
        Path input = write("two.jsonl", "{\"text\": \"fine\"}\n" + first + " {\"text\": \"Mary Jones\"}\n");
        assertThat(predict("--input", input.toString(), "--format", "jsonl")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: " + input + " line 2: unexpected content after the JSON value, at column "
                + (first.length() + 2) + " (a line holds one JSON value)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void contentAfterTheSpertArrayIsAnError() throws IOException {
        Path input = write("two.json", "[[\"Ann\", \"Lee\"]]\n[[\"Bob\"]]\n");
        assertThat(predict("--input", input.toString(), "--format", "spert")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: " + input
                + ": unexpected content after the JSON value, at line 2, column 1 (a file holds one JSON value)");
        Path garbage = write("garbage.json", "[[\"Ann\", \"Lee\"]]]x");
        assertThat(predict("--input", garbage.toString(), "--format", "spert")).isEqualTo(2);
        assertThat(err.toString()).contains("error: " + garbage
                + ": unexpected content after the JSON value, at line 1, column 17 (a file holds one JSON value)");
    }

    @Test
    void anOutputThatIsADirectoryIsRefusedBeforeTheModelIsLoaded() throws IOException {
        Path target = Files.createDirectories(dir.resolve("results"));
        Path input = write("in.txt", "John Smith lives in Paris.\n");
        // Not a model either: the --out mistake must be reported first, before any loading or extraction.
        model = Files.createDirectories(dir.resolve("not-a-model"));
        assertThat(predict("--input", input.toString(), "--out", target.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: --out " + target + " is a directory; give the file to write");
        assertThat(target).isDirectory();
    }

    @Test
    void aBatchSizeBelowOneIsAClearError() throws IOException {
        Path input = write("in.txt", "John Smith lives in Paris.\n");
        assertThat(predict("--input", input.toString(), "--batch-size", "0")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: --batch-size must be at least 1, got 0");
    }

    @Test
    void theOutputFileIsReadableByOthers() throws IOException {
        Path input = write("in.txt", "John Smith lives in Paris.\n");
        Path target = dir.resolve("out.jsonl");
        assertThat(predict("--input", input.toString(), "--out", target.toString())).isZero();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void aDirectoryThatIsNoModelGivesAClearError() throws IOException {
        model = Files.createDirectories(dir.resolve("not-a-model"));
        Path input = write("in.txt", "John Smith lives in Paris.\n");
        assertThat(predict("--input", input.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("error: cannot load model").contains("not-a-model");
    }
}
