package dev.spanrel.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExtractJobTest {
    @Test
    void theInputFormatFollowsTheFileName() {
        assertThat(ExtractJob.formatOf("hdfs:///corpus/part-0.parquet")).isEqualTo("parquet");
        assertThat(ExtractJob.formatOf("/data/News.TXT")).isEqualTo("text");
        assertThat(ExtractJob.formatOf("/data/news.jsonl")).isEqualTo("json");
        assertThat(ExtractJob.formatOf("/data/corpus")).isEqualTo("json");
    }
}
