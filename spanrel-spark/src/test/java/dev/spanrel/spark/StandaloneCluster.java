package dev.spanrel.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine, as an installation runs one: a Master and Workers in JVMs of their
 * own, on 127.0.0.1, from a Spark home whose {@code jars/} are the Spark jars Maven resolved (so Workers launch
 * executors as on any cluster, and executors see the job's classes only through the job jar). Closing it stops
 * every JVM it started, executors included; so does the JVM's exit, should a test be cut short.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(90);

    private final Path dir;
    private final Path sparkHome;
    private final List<String> javaOptions;
    private final List<Process> processes = new ArrayList<>();
    private final Thread stopAtExit = new Thread(this::stopAll);
    private final int masterPort;
    private final int masterUiPort;

    private StandaloneCluster(Path dir, List<Path> sparkJars, List<String> javaOptions) throws IOException {
        this.dir = dir;
        this.javaOptions = javaOptions;
        this.sparkHome = sparkHome(dir.resolve("spark-home"), sparkJars);
        this.masterPort = freePort();
        this.masterUiPort = freePort();
        Files.createDirectories(dir.resolve("logs"));
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** Starts a Master and {@code workers} Workers of one core and {@code workerMemory} each, and waits for them. */
    static StandaloneCluster start(Path dir, List<Path> sparkJars, List<String> javaOptions, int workers, String workerMemory)
            throws IOException, InterruptedException {
        StandaloneCluster cluster = new StandaloneCluster(dir, sparkJars, javaOptions);
        try {
            cluster.launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(cluster.masterPort), "--webui-port", String.valueOf(cluster.masterUiPort));
            for (int i = 1; i <= workers; i++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + i));
                cluster.launch("worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", "1", "--memory", workerMemory, "--work-dir", work.toString(),
                        "--webui-port", String.valueOf(freePort()), cluster.masterUrl());
            }
            cluster.awaitWorkers(workers);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** Runs {@code SparkSubmit} against the cluster (client mode: the driver in a JVM of its own) and waits for it. */
    int submit(Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--master", masterUrl(), "--deploy-mode", "client"));
        args.addAll(Arrays.asList(arguments));
        Process submit = launch("submit", "org.apache.spark.deploy.SparkSubmit", args.toArray(String[]::new));
        if (!submit.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("spark-submit did not finish in " + timeout + "\n" + logs());
        }
        return submit.exitValue();
    }

    /** The tails of every log: the Master's, the Workers', the driver's and each executor's. */
    String logs() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path log : files.filter(p -> p.getFileName().toString().matches(".*\\.log|stderr")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                all.append("==> ").append(dir.relativize(log)).append(" <==\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> all.append(l).append('\n'));
            }
        } catch (IOException e) {
            all.append("(logs unreadable: ").append(e).append(")\n");
        }
        return all.toString();
    }

    /** The stderr of each executor the Workers ran (under their work folders). */
    List<Path> executorLogs() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList();
        }
    }

    private Process launch(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(name.equals("submit") ? "-Xmx768m" : "-Xmx256m");
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*", mainClass));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs").resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        // Spark's launcher asks for the Scala version of a Spark home that has no build folders to tell it.
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_DIRS", Files.createDirectories(dir.resolve("local")).toString());
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        Process process = builder.start();
        synchronized (processes) {
            processes.add(process);
        }
        return process;
    }

    private void awaitWorkers(int workers) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest state = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(START);
        int alive = 0;
        while (Instant.now().isBefore(deadline)) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new AssertionError("a cluster JVM exited with " + p.exitValue() + " while starting\n" + logs());
                }
            }
            try {
                HttpResponse<String> response = http.send(state, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    alive = new ObjectMapper().readTree(response.body()).path("aliveworkers").asInt();
                    if (alive == workers) {
                        return;
                    }
                }
            } catch (IOException notUpYet) {
                // The Master's web UI is not listening yet.
            }
            Thread.sleep(500);
        }
        throw new AssertionError(alive + " of " + workers + " workers registered in " + START + "\n" + logs());
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // The JVM is already exiting and runs the hook itself.
        }
    }

    /** Asks every JVM to stop (executors first: they are the Workers' children), then ends those still running. */
    private void stopAll() {
        List<ProcessHandle> all = new ArrayList<>();
        synchronized (processes) {
            for (Process p : processes) {
                p.toHandle().descendants().forEach(all::add);
                all.add(p.toHandle());
            }
        }
        all.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plusSeconds(15);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            } catch (Exception stillRunning) {
                p.destroyForcibly();
            }
        }
    }

    private static Path sparkHome(Path home, List<Path> jars) throws IOException {
        Path lib = Files.createDirectories(home.resolve("jars"));
        for (Path jar : jars) {
            Path link = lib.resolve(jar.getFileName());
            // Two artifacts may share a file name; the class path needs both.
            Files.createSymbolicLink(Files.exists(link) ? lib.resolve(jars.indexOf(jar) + "-" + jar.getFileName()) : link, jar);
        }
        return home;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
