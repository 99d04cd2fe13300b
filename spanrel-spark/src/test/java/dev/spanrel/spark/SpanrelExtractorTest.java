package dev.spanrel.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.infer.ExtractionResult;
import dev.spanrel.infer.Extractor;
import dev.spanrel.infer.TaggerOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
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

/**
 * The extraction as a Spark ML stage in a pipeline, saved and loaded with it, on a local Spark; the model given as a
 * Hadoop URI (fetched into the cache) and as an archive shipped with the job.
 */
class SpanrelExtractorTest {
    private static final double THRESHOLD = 0.6;

    @TempDir static Path tmp;
    static SparkSession spark;
    static Path model;
    static List<String> texts;
    static List<ExtractionResult> atThreshold;

    @BeforeAll
    static void importAModelAndStartSpark() {
        model = SpertFixtureModel.importInto(tmp.resolve("model"));
        texts = SpertFixtureModel.texts().subList(0, 60);
        try (Extractor reference = Extractor.builder().setModelDir(model).optBatchSize(8)
                .optTaggerOptions(new TaggerOptions("fp32").withRelationThreshold(THRESHOLD)).build()) {
            atThreshold = reference.extractAll(texts);
        }
        spark = SparkSession.builder().master("local[2]").appName("spanrel-ml-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config(ModelSource.CACHE_DIR, tmp.resolve("model-cache").toString()).getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static Dataset<Row> corpus(int size) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            rows.add(RowFactory.create(i, texts.get(i), "source-" + i));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("body", DataTypes.StringType)
                .add("source", DataTypes.StringType);
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    @Test
    void aPipelineStageGivesTheExtractorsAnswersAndIsSavedAndLoadedWithThePipeline() throws IOException {
        try (Extractor byDefault = Extractor.load(model)) {
            // The threshold set below changes answers, so a stage that ignored it could not pass.
            long relationsByDefault = byDefault.extractAll(texts).stream().mapToLong(ExtractionResultCounts::relations).sum();
            assertThat(relationsByDefault).isGreaterThan(atThreshold.stream().mapToLong(ExtractionResultCounts::relations).sum());
        }
        SpanrelExtractor stage = new SpanrelExtractor().setModel(model.toUri().toString()).setInputCol("body")
                .setEntitiesCol("ents").setRelationsCol("rels").setBatchSize(8).setRelationThreshold(THRESHOLD);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new SQLTransformer().setStatement("SELECT id, body FROM __THIS__"), stage});
        PipelineModel fitted = pipeline.fit(corpus(texts.size()));

        Dataset<Row> out = fitted.transform(corpus(texts.size()));
        assertThat(out.schema().fieldNames()).containsExactly("id", "body", "ents", "rels");
        List<Row> rows = out.collectAsList();
        assertThat(rows).hasSize(texts.size());
        assertEveryRowIsTheExtractors(rows);
        // The model came through the Hadoop file system into the cache, once.
        try (Stream<Path> cached = Files.list(tmp.resolve("model-cache"))) {
            assertThat(cached.map(p -> p.getFileName().toString())).singleElement().asString().startsWith("model-");
        }

        fitted.write().save(tmp.resolve("fitted").toString());
        PipelineModel loaded = PipelineModel.load(tmp.resolve("fitted").toString());
        SpanrelExtractor loadedStage = (SpanrelExtractor) loaded.stages()[1];
        assertThat(List.of(loadedStage.uid(), loadedStage.getModel(), loadedStage.getInputCol(), loadedStage.getEntitiesCol(),
                loadedStage.getRelationsCol(), loadedStage.getBatchSize(), loadedStage.getPrecision(), loadedStage.getRelationThreshold()))
                .isEqualTo(List.of(stage.uid(), model.toUri().toString(), "body", "ents", "rels", 8, "fp32", THRESHOLD));
        assertEveryRowIsTheExtractors(loaded.transform(corpus(texts.size())).collectAsList());

        pipeline.write().save(tmp.resolve("pipeline").toString());
        SpanrelExtractor unfitted = (SpanrelExtractor) Pipeline.load(tmp.resolve("pipeline").toString()).getStages()[1];
        assertThat(unfitted.extractParamMap().toString()).isEqualTo(stage.extractParamMap().toString());
    }

    private static void assertEveryRowIsTheExtractors(List<Row> rows) {
        int relations = 0;
        for (Row row : rows) {
            int id = row.getInt(0);
            ExpectedRows.of(atThreshold.get(id)).assertMatches(fromRow(row.getList(2), row.getList(3)), texts.get(id));
            relations += row.getList(3).size();
        }
        assertThat(relations).isPositive();
    }

    static ExpectedRows fromRow(List<Row> entities, List<Row> relations) {
        List<String> e = new ArrayList<>();
        List<String> r = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (Row x : entities) {
            e.add(ExpectedRows.entity(x.getString(0), x.getString(1), x.getInt(2), x.getInt(3), x.getInt(4)));
            scores.add(x.getDouble(5));
        }
        for (Row x : relations) {
            r.add(ExpectedRows.relation(x.getString(0), x.getInt(1), x.getInt(2), x.getString(3), x.getString(4)));
            scores.add(x.getDouble(5));
        }
        return new ExpectedRows(e, r, scores);
    }

    @Test
    void anArchiveShippedWithTheJobIsOpenedByItsName() throws IOException {
        Path zip = tmp.resolve("conll04.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.walk(model)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(model.relativize(file).toString()));
                Files.copy(file, (OutputStream) out);
                out.closeEntry();
            }
        }
        spark.sparkContext().addArchive(zip.toUri() + "#shipped-conll04");
        SpanrelExtractor stage = new SpanrelExtractor().setModel("shipped-conll04").setInputCol("body")
                .setBatchSize(8).setRelationThreshold(THRESHOLD);
        List<Row> rows = stage.transform(corpus(10)).collectAsList();
        assertThat(rows).hasSize(10);
        for (Row row : rows) {
            int id = row.getInt(0);
            ExpectedRows.of(atThreshold.get(id)).assertMatches(fromRow(row.getList(3), row.getList(4)), texts.get(id));
        }
    }

    @Test
    void aModelThatIsNowhereAndBadParamsAreRefused() {
        SpanrelExtractor nowhere = new SpanrelExtractor().setModel("no-such-model").setInputCol("body");
        assertThatThrownBy(() -> nowhere.transform(corpus(2)).collectAsList())
                .hasStackTraceContaining("model no-such-model: no such directory on this executor, nor an archive shipped under that name");
        assertThatThrownBy(() -> new SpanrelExtractor().transform(corpus(2)))
                .hasMessageContaining("needs setModel(...)");
        assertThatThrownBy(() -> new SpanrelExtractor().setBatchSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> new SpanrelExtractor().setRelationThreshold(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relationThreshold");
        assertThatThrownBy(() -> new SpanrelExtractor().setModel("m").transformSchema(corpus(1).schema()))
                .hasMessageStartingWith("input has no text column 'text'");
    }

    /** Counting what a result holds. */
    private static final class ExtractionResultCounts {
        static long relations(ExtractionResult result) {
            return result.sentences().stream().mapToLong(s -> s.relations().size()).sum();
        }
    }
}
