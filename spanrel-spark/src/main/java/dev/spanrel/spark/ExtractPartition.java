package dev.spanrel.spark;

import dev.spanrel.infer.ExtractedEntity;
import dev.spanrel.infer.ExtractedRelation;
import dev.spanrel.infer.ExtractedSentence;
import dev.spanrel.infer.ExtractionResult;
import dev.spanrel.infer.Extractor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Runs on an executor over one partition: reads rows in groups of {@code textsPerCall}, extracts their texts in one
 * call (so the sentences of short texts fill batches together), and yields each row with its results appended. Rows
 * are pulled as the output is consumed, so a partition never sits in memory whole.
 */
final class ExtractPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final SparkExtractor.ModelSpec model;
    private final int textIndex;
    private final int textsPerCall;

    ExtractPartition(SparkExtractor.ModelSpec model, int textIndex, int textsPerCall) {
        this.model = model;
        this.textIndex = textIndex;
        this.textsPerCall = textsPerCall;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return Collections.emptyIterator();
        }
        Extractor extractor = ExecutorModels.get(model);
        return new Iterator<>() {
            private Iterator<Row> ready = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                if (!ready.hasNext() && rows.hasNext()) {
                    ready = extractGroup(extractor, rows).iterator();
                }
                return ready.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.next();
            }
        };
    }

    private List<Row> extractGroup(Extractor extractor, Iterator<Row> rows) {
        List<Row> group = new ArrayList<>(textsPerCall);
        List<String> texts = new ArrayList<>(textsPerCall);
        while (rows.hasNext() && group.size() < textsPerCall) {
            Row row = rows.next();
            group.add(row);
            if (!row.isNullAt(textIndex)) {
                texts.add(row.getString(textIndex));
            }
        }
        List<ExtractionResult> results = extractor.extractAll(texts);
        List<Row> out = new ArrayList<>(group.size());
        int next = 0;
        for (Row row : group) {
            ExtractionResult result = row.isNullAt(textIndex) ? new ExtractionResult(List.of()) : results.get(next++);
            out.add(withResults(row, result));
        }
        return out;
    }

    /** The row's values, then the entities of all its sentences in order and the relations re-indexed to them. */
    static Row withResults(Row row, ExtractionResult result) {
        List<Row> entities = new ArrayList<>();
        List<Row> relations = new ArrayList<>();
        for (int s = 0; s < result.sentences().size(); s++) {
            ExtractedSentence sentence = result.sentences().get(s);
            int first = entities.size();
            for (ExtractedEntity e : sentence.entities()) {
                entities.add(RowFactory.create(e.text(), e.type(), s, e.charStart(), e.charEnd(), e.score()));
            }
            for (ExtractedRelation r : sentence.relations()) {
                relations.add(RowFactory.create(r.type(), first + r.head(), first + r.tail(),
                        sentence.entities().get(r.head()).text(), sentence.entities().get(r.tail()).text(), r.score()));
            }
        }
        Object[] values = new Object[row.length() + 2];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        // Spark's row encoder takes arrays as Scala sequences.
        values[row.length()] = CollectionConverters.asScala(entities).toSeq();
        values[row.length() + 1] = CollectionConverters.asScala(relations).toSeq();
        return RowFactory.create(values);
    }
}
