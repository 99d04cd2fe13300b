package dev.spanrel.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.spanrel.infer.ExtractedEntity;
import dev.spanrel.infer.ExtractedRelation;
import dev.spanrel.infer.ExtractedSentence;
import dev.spanrel.infer.ExtractionResult;
import dev.spanrel.infer.Extractor;
import dev.spanrel.testing.TinyTask;
import dev.spanrel.train.TrainingRun;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Extraction on a local Spark gives, row by row, what the in-process {@link Extractor} gives for the same texts. */
class SparkExtractorTest {
    @TempDir static Path tmp;
    static SparkSession spark;
    static Path model;
    static List<String> texts;

    @BeforeAll
    static void trainATinyModelAndStartSpark() throws Exception {
        TinyTask task = TinyTask.eightConll04Sentences(tmp);
        new TrainingRun(task.config("epochs=40", "seed=7"), task.data(), new PrintStream(OutputStream.nullOutputStream()), false)
                .train(tmp.resolve("run"), false);
        model = tmp.resolve("run/model");
        texts = task.docs().stream().map(d -> String.join(" ", d.tokens())).toList();
        spark = SparkSession.builder().master("local[2]").appName("spanrel-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void rowsKeepTheirColumnsAndGetTheExtractorsResults() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        rows.add(RowFactory.create(100, null));
        rows.add(RowFactory.create(101, ""));
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
        Dataset<Row> input = spark.createDataFrame(rows, schema).repartition(3);

        SparkExtractor extractor = SparkExtractor.builder().setModel(model.toString()).optTextsPerCall(2).build();
        List<Row> out = extractor.extract(input).collectAsList();

        assertThat(out).hasSize(rows.size());
        assertThat(out.get(0).schema().fieldNames()).containsExactly("id", "text", "entities", "relations");
        List<ExtractionResult> expected;
        try (Extractor reference = Extractor.load(model)) {
            expected = reference.extractAll(texts);
        }
        int entities = 0;
        int relations = 0;
        for (Row row : out) {
            int id = row.getInt(0);
            List<Row> gotEntities = row.getList(2);
            List<Row> gotRelations = row.getList(3);
            if (id >= 100) {
                assertThat(gotEntities).isEmpty();
                assertThat(gotRelations).isEmpty();
                continue;
            }
            assertThat(row.getString(1)).isEqualTo(texts.get(id));
            assertSame(texts.get(id), expected.get(id), gotEntities, gotRelations);
            entities += gotEntities.size();
            relations += gotRelations.size();
        }
        // The tiny model has learnt enough for the comparison to mean something.
        assertThat(entities).isGreaterThan(10);
        assertThat(relations).isPositive();
    }

    /** The Spark row's flat lists against the extractor's sentences: entities in order, relations re-indexed. */
    private static void assertSame(String text, ExtractionResult expected, List<Row> entities, List<Row> relations) {
        int e = 0;
        int r = 0;
        for (int s = 0; s < expected.sentences().size(); s++) {
            ExtractedSentence sentence = expected.sentences().get(s);
            int first = e;
            for (ExtractedEntity want : sentence.entities()) {
                Row got = entities.get(e++);
                assertThat(List.of(got.getString(0), got.getString(1), got.getInt(2), got.getInt(3), got.getInt(4)))
                        .isEqualTo(List.of(want.text(), want.type(), s, want.charStart(), want.charEnd()));
                assertThat(text.substring(got.getInt(3), got.getInt(4))).isEqualTo(got.getString(0));
                assertThat(got.getDouble(5)).isCloseTo(want.score(), within(1e-4));
            }
            for (ExtractedRelation want : sentence.relations()) {
                Row got = relations.get(r++);
                assertThat(List.of(got.getString(0), got.getInt(1), got.getInt(2), got.getString(3), got.getString(4)))
                        .isEqualTo(List.of(want.type(), first + want.head(), first + want.tail(),
                                sentence.entities().get(want.head()).text(), sentence.entities().get(want.tail()).text()));
                assertThat(got.getDouble(5)).isCloseTo(want.score(), within(1e-4));
            }
        }
        assertThat(entities).hasSize(e);
        assertThat(relations).hasSize(r);
    }

    @Test
    void aMissingOrWrongTextColumnIsNamed() {
        Dataset<Row> numbers = spark.range(3).toDF("id");
        SparkExtractor extractor = SparkExtractor.builder().setModel(model.toString()).build();
        assertThatThrownBy(() -> extractor.extract(numbers))
                .hasMessage("input has no text column 'text'; its columns are [id] (choose one with the text column option)");
        SparkExtractor byId = SparkExtractor.builder().setModel(model.toString()).optTextColumn("id").build();
        assertThatThrownBy(() -> byId.extract(numbers)).hasMessage("text column 'id' holds bigint, not strings");
    }

    @Test
    void theJobWritesParquetAndReplacesOutputOnlyWhenAsked() throws Exception {
        Path corpus = tmp.resolve("corpus.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            lines.add("{\"doc\": \"d" + i + "\", \"body\": \"" + texts.get(i).replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
        }
        Files.write(corpus, lines);
        Path output = tmp.resolve("extracted");
        String[] args = {"--model", model.toString(), "--input", corpus.toString(), "--output", output.toString(),
            "--text-column", "body", "--partitions", "2"};

        Run first = run(args);
        assertThat(first.code).as(first.err).isZero();
        Dataset<Row> written = spark.read().parquet(output.toString());
        assertThat(written.count()).isEqualTo(texts.size());
        assertThat(written.schema().fieldNames()).containsExactly("body", "doc", "entities", "relations");
        long entities = written.selectExpr("sum(size(entities))").first().getLong(0);
        assertThat(first.out).startsWith(texts.size() + " rows, " + entities + " entities, ");
        assertThat(Files.list(tmp).filter(p -> p.getFileName().toString().startsWith(".extracted"))).isEmpty();

        Run again = run(args);
        assertThat(again.code).isEqualTo(2);
        assertThat(again.err).contains("error: output " + output + " exists; choose another or pass --overwrite");

        String[] overwrite = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--overwrite"))
                .toArray(String[]::new);
        Run replaced = run(overwrite);
        assertThat(replaced.code).as(replaced.err).isZero();
        assertThat(spark.read().parquet(output.toString()).count()).isEqualTo(texts.size());
    }

    @Test
    void plainTextIsReadAsTextWhenItsNameSaysSoAndIsNotTakenForEmptyJson() throws Exception {
        Path unnamed = Files.write(tmp.resolve("texts.lines"), texts);
        Run refused = run("--model", model.toString(), "--input", unnamed.toString(), "--output", tmp.resolve("refused").toString());
        assertThat(refused.code).isEqualTo(2);
        assertThat(refused.err).contains("error: input " + unnamed + ": no line reads as a JSON object; for one text per line, pass --input-format text");
        assertThat(tmp.resolve("refused")).doesNotExist();

        Path named = Files.write(tmp.resolve("texts.txt"), texts);
        Run read = run("--model", model.toString(), "--input", named.toString(), "--output", tmp.resolve("from-text").toString());
        assertThat(read.code).as(read.err).isZero();
        Dataset<Row> written = spark.read().parquet(tmp.resolve("from-text").toString());
        assertThat(written.schema().fieldNames()).containsExactly("text", "entities", "relations");
        assertThat(written.select("text").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
                .containsExactlyInAnyOrderElementsOf(texts);
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = ExtractJob.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
