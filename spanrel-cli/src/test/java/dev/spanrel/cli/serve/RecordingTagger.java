package dev.spanrel.cli.serve;

import dev.spanrel.cli.GazetteerTagger;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.infer.SentenceTagger;
import dev.spanrel.infer.SentencePrediction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link GazetteerTagger} that records every batch it is given, can be made to take a fixed time per batch or
 * to wait at its first batch until released, and notices a call after it was closed.
 */
final class RecordingTagger implements SentenceTagger {
    private final GazetteerTagger gazetteer = new GazetteerTagger();
    final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstBatchEntered = new CountDownLatch(1);
    final CountDownLatch release;
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicBoolean usedAfterClose = new AtomicBoolean();
    private final long millisPerBatch;

    private RecordingTagger(boolean holdFirstBatch, long millisPerBatch) {
        this.release = new CountDownLatch(holdFirstBatch ? 1 : 0);
        this.millisPerBatch = millisPerBatch;
    }

    /** Waits at its first batch until {@link #release} is counted down. */
    static RecordingTagger holdingFirstBatch() {
        return new RecordingTagger(true, 0);
    }

    /** Takes {@code millis} for every batch, as a model does. */
    static RecordingTagger taking(long millis) {
        return new RecordingTagger(false, millis);
    }

    @Override
    public TypeSystem types() {
        return gazetteer.types();
    }

    @Override
    public List<SentencePrediction> predict(List<List<String>> sentences) {
        if (closed.get()) {
            usedAfterClose.set(true);
        }
        batches.add(sentences.stream().map(words -> String.join(" ", words)).toList());
        firstBatchEntered.countDown();
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            Thread.sleep(millisPerBatch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closed.get()) {
            usedAfterClose.set(true);
        }
        return gazetteer.predict(sentences);
    }

    /** The index of the first batch holding a sentence that contains {@code text}, or -1. */
    int firstBatchWith(String text) {
        synchronized (batches) {
            for (int i = 0; i < batches.size(); i++) {
                if (batches.get(i).stream().anyMatch(s -> s.contains(text))) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
