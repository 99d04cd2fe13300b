package dev.spanrel.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.infer.ExtractionResult;
import dev.spanrel.infer.Extractor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExtractionQueueTest {
    private static String longText(int sentences) {
        return IntStream.range(0, sentences).mapToObj(i -> "Ann Lee moved to Paris in year " + i + ".")
                .collect(Collectors.joining(" "));
    }

    @Test
    void aShortRequestSharesTheNextBatchWithALongTextInsteadOfWaitingForAllOfIt() throws Exception {
        RecordingTagger tagger = RecordingTagger.taking(20);
        try (Extractor extractor = Extractor.builder().setTagger(tagger).build()) {
            ExtractionQueue queue = new ExtractionQueue(extractor, 16, 8, 0, 1);
            CompletableFuture<List<ExtractionResult>> long_ = queue.submit(List.of(longText(200))).orElseThrow();
            assertThat(tagger.firstBatchEntered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<ExtractionResult>> short_ = queue.submit(List.of("John Smith works for Acme Corp.")).orElseThrow();
            ExtractionResult shortResult = short_.get(10, TimeUnit.SECONDS).get(0);
            assertThat(long_).as("the long text is still in work when the short one is answered").isNotDone();
            // 200 sentences in batches of 8: the short text went into the second or third batch, not the 26th.
            assertThat(tagger.firstBatchWith("John Smith")).isBetween(1, 2);
            assertThat(shortResult.sentences().get(0).entities()).extracting(e -> e.text())
                    .containsExactly("John Smith", "Acme Corp.");
            List<ExtractionResult> longResults = long_.get(30, TimeUnit.SECONDS);
            assertThat(tagger.batches.stream().mapToInt(List::size).max().orElseThrow()).isEqualTo(8);
            // Scheduled sentence by sentence, the long text's answer equals extracting it in one go.
            assertThat(longResults).containsExactly(extractor.extract(longText(200)));
            queue.shutdown(0);
        }
    }

    @Test
    void aRequestThatTimedOutIsNeverExtracted() throws Exception {
        RecordingTagger tagger = RecordingTagger.holdingFirstBatch();
        try (Extractor extractor = Extractor.builder().setTagger(tagger).build()) {
            ExtractionQueue queue = new ExtractionQueue(extractor, 16, 8, 0, 1);
            CompletableFuture<List<ExtractionResult>> first = queue.submit(List.of("Ann Lee lives in Paris.")).orElseThrow();
            assertThat(tagger.firstBatchEntered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<ExtractionResult>> late = queue.submit(List.of("Mary Jones lives in London.")).orElseThrow()
                    .orTimeout(100, TimeUnit.MILLISECONDS);
            assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
            tagger.release.countDown();
            first.get(10, TimeUnit.SECONDS);
            assertThat(queue.submit(List.of("John Smith lives in Boston.")).orElseThrow().get(10, TimeUnit.SECONDS)).hasSize(1);
            assertThat(tagger.firstBatchWith("Mary Jones")).as("the timed-out text reached the tagger").isEqualTo(-1);
            queue.shutdown(0);
        }
    }

    @Test
    void aWithdrawnRequestFreesItsRoom() throws Exception {
        RecordingTagger tagger = RecordingTagger.holdingFirstBatch();
        try (Extractor extractor = Extractor.builder().setTagger(tagger).build()) {
            ExtractionQueue queue = new ExtractionQueue(extractor, 2, 8, 0, 1);
            CompletableFuture<List<ExtractionResult>> first = queue.submit(List.of("Ann Lee.")).orElseThrow();
            assertThat(tagger.firstBatchEntered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<ExtractionResult>> second = queue.submit(List.of("Mary Jones.")).orElseThrow();
            assertThat(queue.submit(List.of("John Smith."))).as("full").isEmpty();
            second.cancel(false);
            assertThat(queue.submit(List.of("John Smith."))).as("room again").isPresent();
            tagger.release.countDown();
            first.get(10, TimeUnit.SECONDS);
            queue.shutdown(1000);
        }
    }
}
