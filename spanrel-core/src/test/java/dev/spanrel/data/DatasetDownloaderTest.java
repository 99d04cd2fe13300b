package dev.spanrel.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.spanrel.SharedFolder;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.DatasetDownloader.FileResult;
import dev.spanrel.data.DatasetDownloader.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local server that serves the shared data (and can corrupt a file); never the internet. */
class DatasetDownloaderTest {
    @TempDir Path out;
    HttpServer server;
    URI base;
    final AtomicInteger requests = new AtomicInteger();
    final Set<String> corrupted = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void serveSharedData() throws IOException {
        Path data = SharedFolder.data("");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/datasets/", exchange -> {
            requests.incrementAndGet();
            String name = exchange.getRequestURI().getPath().substring("/datasets/".length());
            Path file = data.resolve(name).normalize();
            if (!file.startsWith(data) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            if (corrupted.contains(name)) {
                body[body.length / 2] ^= 1;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/datasets");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void checksumListCoversEveryBenchmarkFile() {
        assertThat(DatasetDownloader.files("conll04")).containsExactlyInAnyOrder("conll04/conll04_dev.json",
                "conll04/conll04_test.json", "conll04/conll04_train.json", "conll04/conll04_train_dev.json",
                "conll04/conll04_types.json");
        assertThat(DatasetDownloader.files("ade")).hasSize(22);
        assertThat(DatasetDownloader.files("all")).hasSize(32);
        assertThatThrownBy(() -> DatasetDownloader.files("semeval"))
                .isInstanceOf(SpanrelException.class).hasMessageContaining("unknown dataset 'semeval'");
    }

    @Test
    void downloadsVerifiesAndSkipsWhatIsAlreadyThere() {
        DatasetDownloader downloader = new DatasetDownloader(base);
        List<FileResult> first = downloader.download("conll04", out);
        assertThat(first).hasSize(5).allMatch(r -> r.outcome() == Outcome.DOWNLOADED);
        for (FileResult r : first) {
            assertThat(r.file()).hasSameBinaryContentAs(SharedFolder.data(r.name()));
        }
        assertThat(requests).hasValue(5);

        List<FileResult> second = downloader.download("conll04", out);
        assertThat(second).allMatch(r -> r.outcome() == Outcome.ALREADY_PRESENT);
        assertThat(requests).hasValue(5);
        assertNoTemporaryFiles();
    }

    @Test
    void replacesAWrongLocalFile() throws IOException {
        Path local = out.resolve("conll04/conll04_types.json");
        Files.createDirectories(local.getParent());
        Files.writeString(local, "{}");
        new DatasetDownloader(base).download("conll04", out);
        assertThat(local).hasSameBinaryContentAs(SharedFolder.data("conll04/conll04_types.json"));
    }

    @Test
    void corruptedDownloadFailsAndLeavesGoodFilesAlone() throws IOException {
        DatasetDownloader downloader = new DatasetDownloader(base);
        downloader.download("conll04", out);
        Path test = out.resolve("conll04/conll04_test.json");
        Files.writeString(test, "stale"); // wrong locally, and the server now sends a corrupted copy
        corrupted.add("conll04/conll04_test.json");
        assertThatThrownBy(() -> downloader.download("conll04", out))
                .isInstanceOf(SpanrelException.class)
                .hasMessageContaining("conll04/conll04_test.json has SHA-256")
                .hasMessageContaining("must have " + DatasetDownloader.checksums().get("conll04/conll04_test.json"));
        assertThat(test).hasContent("stale");
        assertThat(out.resolve("conll04/conll04_train.json")).hasSameBinaryContentAs(SharedFolder.data("conll04/conll04_train.json"));
        assertNoTemporaryFiles();
    }

    @Test
    void missingFileOnTheServerIsAClearError() {
        URI empty = URI.create(base + "/nothing-here");
        assertThatThrownBy(() -> new DatasetDownloader(empty).download("scierc", out))
                .isInstanceOf(SpanrelException.class).hasMessageContaining("HTTP 404");
        assertNoTemporaryFiles();
    }

    private void assertNoTemporaryFiles() {
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part") || n.endsWith(".tmp"));
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
