package dev.spanrel.cli.serve;

import dev.spanrel.infer.ExtractedSentence;
import dev.spanrel.infer.ExtractionResult;
import dev.spanrel.infer.Extractor;
import dev.spanrel.text.Sentence;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Schedules the sentences of concurrent requests onto the extractor in batches. Texts are split into sentences
 * when submitted; a worker fills a batch (up to {@code maxBatchSentences}, waiting up to {@code maxWaitMillis} for
 * it to fill) by taking one sentence from each waiting request in turn, so a long text shares every batch with
 * the requests that arrive after it instead of holding them until it is done, and the memory of a batch does not
 * grow with the length of a text.
 *
 * <p>The queue is bounded by a count of texts: a request that does not fit is refused at once. A request's
 * results future may be completed from outside (a timeout, shutdown): its sentences not yet in a batch are then
 * dropped, and its room freed.
 */
final class ExtractionQueue {
    /** Failure of the requests still waiting when the server stops. */
    static final class ShuttingDown extends RuntimeException {
        ShuttingDown() {
            super("the server is shutting down", null, false, false);
        }
    }

    /** One sentence of a request's text. */
    private record Piece(Job job, int index, String text, Sentence sentence) {}

    /** A request: its texts' sentences, handed out one at a time, and the results gathered back in order. */
    private static final class Job {
        final CompletableFuture<List<ExtractionResult>> results = new CompletableFuture<>();
        final int textCount;
        final List<Piece> pieces = new ArrayList<>();
        final int[] firstPieceOfText;
        final ExtractedSentence[] extracted;
        final AtomicInteger missing;
        int nextPiece; // guarded by the queue's lock

        Job(List<String> texts, Extractor extractor) {
            textCount = texts.size();
            firstPieceOfText = new int[texts.size() + 1];
            for (int t = 0; t < texts.size(); t++) {
                firstPieceOfText[t] = pieces.size();
                for (Sentence sentence : extractor.segment(texts.get(t))) {
                    pieces.add(new Piece(this, pieces.size(), texts.get(t), sentence));
                }
            }
            firstPieceOfText[texts.size()] = pieces.size();
            extracted = new ExtractedSentence[pieces.size()];
            missing = new AtomicInteger(pieces.size());
        }

        boolean hasUndispatched() {
            return nextPiece < pieces.size();
        }

        int undispatched() {
            return pieces.size() - nextPiece;
        }

        void deliver(Piece piece, ExtractedSentence sentence) {
            extracted[piece.index()] = sentence;
            if (missing.decrementAndGet() == 0) {
                finish();
            }
        }

        void finish() {
            List<ExtractionResult> out = new ArrayList<>(textCount);
            for (int t = 0; t < textCount; t++) {
                out.add(new ExtractionResult(Arrays.asList(extracted).subList(firstPieceOfText[t], firstPieceOfText[t + 1])));
            }
            results.complete(out);
        }
    }

    private final Extractor extractor;
    private final IntConsumer onBatch;
    private final int maxBatchSentences;
    private final long maxWaitNanos;
    private final int capacity;
    private final Semaphore room;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Job> turns = new ArrayDeque<>(); // jobs with sentences not yet in a batch
    private final Set<Job> unfinished = new HashSet<>();
    private final List<Thread> workers = new ArrayList<>();
    private int undispatched; // sentences of the jobs in turns not yet in a batch
    private boolean accepting = true;
    private boolean stopping;

    ExtractionQueue(Extractor extractor, int capacity, int maxBatchSentences, long maxWaitMillis, int workerCount) {
        this(extractor, capacity, maxBatchSentences, maxWaitMillis, workerCount, sentences -> {});
    }

    /** The same, telling {@code onBatch} the number of sentences of every batch that goes to the model. */
    ExtractionQueue(Extractor extractor, int capacity, int maxBatchSentences, long maxWaitMillis, int workerCount,
            IntConsumer onBatch) {
        this.onBatch = onBatch;
        this.extractor = extractor;
        this.capacity = capacity;
        this.room = new Semaphore(capacity);
        this.maxBatchSentences = maxBatchSentences;
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

    /** Texts taken and not yet answered: waiting, or with sentences in a batch. */
    int textsTaken() {
        return capacity - room.availablePermits();
    }

    /** Sentences of the taken texts not yet handed to the model. */
    int sentencesWaiting() {
        lock.lock();
        try {
            return undispatched;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The results of all texts, in order; empty when the queue has no room for them now or is shutting down.
     * Completing the returned future (e.g. with a timeout) withdraws the request.
     */
    Optional<CompletableFuture<List<ExtractionResult>>> submit(List<String> texts) {
        if (!room.tryAcquire(texts.size())) {
            return Optional.empty();
        }
        Job job;
        try {
            job = new Job(texts, extractor);
        } catch (RuntimeException | Error e) {
            room.release(texts.size());
            throw e;
        }
        lock.lock();
        try {
            if (!accepting) {
                room.release(texts.size());
                return Optional.empty();
            }
            unfinished.add(job);
            if (job.hasUndispatched()) {
                turns.addLast(job);
                undispatched += job.pieces.size();
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        job.results.whenComplete((results, failure) -> finished(job));
        if (job.pieces.isEmpty()) {
            job.finish(); // texts without a sentence: nothing for a worker to do
        }
        return Optional.of(job.results);
    }

    private void finished(Job job) {
        lock.lock();
        try {
            if (unfinished.remove(job)) {
                if (turns.remove(job)) {
                    undispatched -= job.undispatched();
                }
                room.release(job.textCount);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        try {
            List<Piece> batch;
            while ((batch = nextBatch()) != null) {
                extract(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next batch, one sentence per waiting request in turn; null when the queue stops. */
    private List<Piece> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (!stopping && undispatched == 0) {
                changed.await();
            }
            long left = maxWaitNanos;
            while (!stopping && undispatched < maxBatchSentences && left > 0) {
                left = changed.awaitNanos(left);
            }
            if (stopping) {
                return null;
            }
            List<Piece> batch = new ArrayList<>(Math.min(undispatched, maxBatchSentences));
            while (batch.size() < maxBatchSentences && !turns.isEmpty()) {
                Job job = turns.pollFirst();
                batch.add(job.pieces.get(job.nextPiece++));
                undispatched--;
                if (job.hasUndispatched()) {
                    turns.addLast(job);
                }
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void extract(List<Piece> batch) {
        // A request may have timed out while its sentence waited for the batch to fill.
        List<Piece> live = batch.stream().filter(p -> !p.job().results.isDone()).toList();
        if (live.isEmpty()) {
            return;
        }
        onBatch.accept(live.size());
        try {
            List<ExtractedSentence> sentences = extractor.extractSegmented(
                    live.stream().map(Piece::text).toList(), live.stream().map(Piece::sentence).toList());
            for (int i = 0; i < live.size(); i++) {
                live.get(i).job().deliver(live.get(i), sentences.get(i));
            }
        } catch (RuntimeException | Error e) {
            live.forEach(p -> p.job().results.completeExceptionally(e));
        }
    }

    /**
     * Stops taking requests, lets those already taken finish for up to {@code graceMillis}, fails the rest with
     * {@link ShuttingDown}, and returns once no worker uses the extractor any more, so it can be closed.
     */
    void shutdown(long graceMillis) throws InterruptedException {
        List<Job> left;
        lock.lock();
        try {
            accepting = false;
            long wait = TimeUnit.MILLISECONDS.toNanos(graceMillis);
            while (!unfinished.isEmpty() && wait > 0) {
                wait = changed.awaitNanos(wait);
            }
            stopping = true;
            changed.signalAll();
            left = new ArrayList<>(unfinished);
        } finally {
            lock.unlock();
        }
        left.forEach(job -> job.results.completeExceptionally(new ShuttingDown()));
        for (Thread worker : workers) {
            worker.join();
        }
    }
}
