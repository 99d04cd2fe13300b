package dev.spanrel.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanrel.SpanrelException;
import dev.spanrel.cli.io.ResultJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Sends extraction requests from many concurrent clients to a {@code spanrel serve} on this machine for a
 * bounded time and count, then prints throughput and latency. It refuses any address outside the loopback
 * range: it is for measuring a local server, not for sending traffic elsewhere.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = "Measure a local `spanrel serve`: requests/s, sentences/s, p50/p99 latency, errors (loopback only).")
public final class LoadTestCommand implements Callable<Integer> {
    private static final int MAX_CLIENTS = 256;
    private static final int MAX_SECONDS = 600;
    private static final List<String> DEFAULT_TEXTS = List.of(
            "John Smith lives in Paris and works for Acme Corp.",
            "Mary Jones, who was born in London, joined the United Nations in 1990.",
            "The mayor of Boston met Ann Lee on Tuesday. She lives in Chicago.",
            "Reports from Moscow say Boris Petrov was killed near the border.");

    @Spec CommandSpec spec;

    @Option(names = "--url", required = true, description = "Server base URL, e.g. http://127.0.0.1:8080 (loopback only).")
    URI url;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent clients, at most " + MAX_CLIENTS + " (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "20", description = "How long to run, at most " + MAX_SECONDS + " (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--max-requests", defaultValue = "1000000", description = "Stop after this many requests (default: ${DEFAULT-VALUE}).")
    long maxRequests;

    @Option(names = "--input", paramLabel = "FILE", description = "Texts to send, one per non-blank line (default: a few built-in sentences).")
    Path input;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || clients > MAX_CLIENTS) {
            throw new SpanrelException("--clients must be between 1 and " + MAX_CLIENTS + ": " + clients);
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new SpanrelException("--seconds must be between 1 and " + MAX_SECONDS + ": " + seconds);
        }
        requireLoopback(url);
        List<String> texts = readTexts();
        URI endpoint = url.resolve("/v1/extract");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        AtomicLong issued = new AtomicLong();
        AtomicLong sentences = new AtomicLong();
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        List<long[]> latencies = new ArrayList<>();
        long started = System.nanoTime();
        long deadline = started + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[1 << 16];
            int client = c;
            Thread thread = new Thread(() -> {
                int n = 0;
                long[] recorded = mine;
                while (System.nanoTime() < deadline && issued.incrementAndGet() <= maxRequests) {
                    String text = texts.get((client + n * clients) % texts.size());
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request(endpoint, text), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            JsonNode answer = ResultJson.MAPPER.readTree(response.body());
                            sentences.addAndGet(answer.path("sentences").size());
                        } else {
                            errors.computeIfAbsent("HTTP " + response.statusCode(), k -> new AtomicLong()).incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    if (n == recorded.length) {
                        recorded = Arrays.copyOf(recorded, recorded.length * 2);
                    }
                    recorded[n++] = System.nanoTime() - t0;
                }
                synchronized (latencies) {
                    latencies.add(Arrays.copyOf(recorded, n));
                }
            }, "loadtest-client-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        report(started, latencies, sentences.get(), errors);
        return 0;
    }

    private static HttpRequest request(URI endpoint, String text) {
        String body = ResultJson.MAPPER.createObjectNode().put("text", text).toString();
        return HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private void report(long started, List<long[]> perClient, long sentences, Map<String, AtomicLong> errors) {
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long errorCount = errors.values().stream().mapToLong(AtomicLong::get).sum();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("requests     %d in %.1f s from %d clients%n", all.length, elapsed, clients);
        out.printf("throughput   %.1f requests/s, %.1f sentences/s%n", all.length / elapsed, sentences / elapsed);
        out.printf("latency      p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                percentile(all, 0.50), percentile(all, 0.99), all.length == 0 ? 0.0 : all[all.length - 1] / 1e6);
        out.printf("errors       %d%s%n", errorCount, errorCount == 0 ? "" : " " + new TreeMap<>(errors));
        out.flush();
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0.0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private List<String> readTexts() throws IOException {
        if (input == null) {
            return DEFAULT_TEXTS;
        }
        if (!Files.isRegularFile(input)) {
            throw new SpanrelException("input file " + input + " does not exist or is not a file");
        }
        List<String> texts = Files.readAllLines(input, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        if (texts.isEmpty()) {
            throw new SpanrelException("input file " + input + " has no non-blank line to send");
        }
        return texts;
    }

    /** Every address the host name resolves to must be a loopback address (127.0.0.0/8 or ::1). */
    static void requireLoopback(URI url) {
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new SpanrelException("--url must look like http://127.0.0.1:PORT: " + url);
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(url.getHost());
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    throw new SpanrelException("loadtest only sends to loopback addresses (127.0.0.0/8, ::1); "
                            + url.getHost() + " is " + address.getHostAddress());
                }
            }
        } catch (UnknownHostException e) {
            throw new SpanrelException("cannot resolve host " + url.getHost());
        }
    }
}
