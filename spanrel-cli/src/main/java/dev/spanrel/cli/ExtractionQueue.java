package dev.spanrel.cli;

import dev.spanrel.infer.ExtractionResult;
import dev.spanrel.infer.Extractor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Groups texts from concurrent requests into batches for the extractor: a worker takes the first waiting text,
 * waits up to {@code maxWaitMillis} for more (up to {@code maxBatchTexts}), then extracts them together. The
 * model is much faster per sentence on a batch than on one sentence at a time, so this trades a few
 * milliseconds of latency for throughput under load. The queue is bounded by a count of texts: a request that
 * does not fit is refused at once instead of waiting without end.
 */
final class ExtractionQueue implements AutoCloseable {
    private record Pending(String text, CompletableFuture<ExtractionResult> result) {}

    private final Extractor extractor;
    private final int maxBatchTexts;
    private final long maxWaitNanos;
    private final int capacity;
    private final Semaphore room;
    private final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    ExtractionQueue(Extractor extractor, int capacity, int maxBatchTexts, long maxWaitMillis, int workerCount) {
        this.extractor = extractor;
        this.capacity = capacity;
        this.room = new Semaphore(capacity);
        this.maxBatchTexts = maxBatchTexts;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(this::work, "extraction-worker-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    int capacity() {
        return capacity;
    }

    /** The results of all texts, in order; empty when the queue has no room for them now. */
    Optional<CompletableFuture<List<ExtractionResult>>> submit(List<String> texts) {
        if (closed || !room.tryAcquire(texts.size())) {
            return Optional.empty();
        }
        List<CompletableFuture<ExtractionResult>> futures = new ArrayList<>(texts.size());
        for (String text : texts) {
            CompletableFuture<ExtractionResult> future = new CompletableFuture<>();
            futures.add(future);
            waiting.add(new Pending(text, future));
        }
        return Optional.of(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(done -> futures.stream().map(CompletableFuture::join).toList()));
    }

    private void work() {
        while (!closed) {
            try {
                Pending first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    extract(collectBatch(first));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<Pending> collectBatch(Pending first) throws InterruptedException {
        List<Pending> batch = new ArrayList<>(maxBatchTexts);
        batch.add(first);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (batch.size() < maxBatchTexts) {
            long left = deadline - System.nanoTime();
            Pending next = left > 0 ? waiting.poll(left, TimeUnit.NANOSECONDS) : waiting.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void extract(List<Pending> batch) {
        try {
            List<ExtractionResult> results = extractor.extractAll(batch.stream().map(Pending::text).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        } finally {
            room.release(batch.size());
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        Pending left;
        while ((left = waiting.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("the server is shutting down"));
        }
    }
}
