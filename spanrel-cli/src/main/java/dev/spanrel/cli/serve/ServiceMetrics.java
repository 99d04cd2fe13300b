package dev.spanrel.cli.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The service's metrics in a Micrometer registry, scraped at {@code GET /metrics} in Prometheus's text format:
 * requests by method, route and status with a latency histogram ({@code spanrel_http_requests_seconds}), errors
 * ({@code spanrel_http_errors_total}), the extraction queue's depth ({@code spanrel_queue_texts},
 * {@code spanrel_queue_sentences_waiting}) and the sentences per model batch ({@code spanrel_batch_sentences}),
 * plus the JVM's memory, threads and CPU. Routes are the server's paths or {@code unmatched}, so a scan of random
 * paths cannot grow the number of series.
 */
final class ServiceMetrics {
    /** The text format's content type, as Prometheus's scraper asks for it. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String UNMATCHED = "unmatched";

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DistributionSummary batchSentences;

    ServiceMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        batchSentences = DistributionSummary.builder("spanrel.batch.sentences")
                .description("Sentences per batch handed to the model").baseUnit("sentences")
                .serviceLevelObjectives(BATCH_BUCKETS).register(registry);
    }

    /** One answered request; statuses from 400 up also count as errors. */
    void request(String method, String route, int status, long nanos) {
        String code = Integer.toString(status);
        Timer.builder("spanrel.http.requests").description("HTTP requests by method, route and status")
                .tags("method", method, "route", route, "status", code)
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (status >= 400) {
            Counter.builder("spanrel.http.errors").description("HTTP answers with a status of 400 or more")
                    .tags("route", route, "status", code).register(registry).increment();
        }
    }

    /** One batch of the extraction queue, of this many sentences. */
    void batch(int sentences) {
        batchSentences.record(sentences);
    }

    /** Gauges of the queue's depth, read when scraped; the queue exists once the model is loaded. */
    <T> void queue(T source, ToDoubleFunction<T> texts, ToDoubleFunction<T> waitingSentences) {
        Gauge.builder("spanrel.queue.texts", source, texts)
                .description("Texts taken and not yet answered (waiting or in a batch)").register(registry);
        Gauge.builder("spanrel.queue.sentences.waiting", source, waitingSentences)
                .description("Sentences not yet handed to the model").register(registry);
    }

    String scrape() {
        return registry.scrape();
    }
}
