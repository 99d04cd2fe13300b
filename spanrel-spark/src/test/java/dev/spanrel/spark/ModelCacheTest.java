package dev.spanrel.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SpanrelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models on a Hadoop file system come into the local cache once per version, whole or not at all. */
class ModelCacheTest {
    @TempDir Path tmp;

    private Path model() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("store/conll04 model"));
        Files.writeString(dir.resolve("config.json"), "{\"layers\": 2}");
        Files.createDirectories(dir.resolve("weights"));
        Files.write(dir.resolve("weights/tensors.bin"), new byte[] {1, 2, 3, 4, 5});
        return dir;
    }

    @Test
    void aModelIsFetchedOnceAndAgainOnlyWhenItChanges() throws Exception {
        Path model = model();
        ModelCache cache = new ModelCache(tmp.resolve("cache"));
        String uri = model.toUri().toString();
        assertThat(uri).startsWith("file:/");

        Path first = cache.fetch(uri, new Configuration());
        assertThat(first.getParent()).isEqualTo(tmp.resolve("cache"));
        assertThat(first.getFileName().toString()).matches("conll04_model-[0-9a-f]{20}");
        assertThat(Files.readString(first.resolve("config.json"))).isEqualTo("{\"layers\": 2}");
        assertThat(Files.readAllBytes(first.resolve("weights/tensors.bin"))).containsExactly(1, 2, 3, 4, 5);
        // Fetched again: the same copy, nothing new in the cache (the copy is not even read for it).
        Files.delete(first.resolve("config.json"));
        assertThat(cache.fetch(uri, new Configuration())).isEqualTo(first);
        assertThat(entries(tmp.resolve("cache"))).containsExactly(first);

        Files.write(model.resolve("weights/tensors.bin"), new byte[] {9, 9, 9, 9, 9});
        Files.setLastModifiedTime(model.resolve("weights/tensors.bin"), FileTime.fromMillis(1_000_000));
        Path second = cache.fetch(uri, new Configuration());
        assertThat(second).isNotEqualTo(first);
        assertThat(Files.readAllBytes(second.resolve("weights/tensors.bin"))).containsExactly(9, 9, 9, 9, 9);
        assertThat(entries(tmp.resolve("cache"))).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void fetchesAtTheSameTimeEndInOneCompleteCopy() throws Exception {
        String uri = model().toUri().toString();
        ModelCache cache = new ModelCache(tmp.resolve("cache"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Path> fetch = () -> cache.fetch(uri, new Configuration());
            List<Future<Path>> fetches = pool.invokeAll(List.of(fetch, fetch, fetch, fetch));
            Path copy = fetches.get(0).get();
            for (Future<Path> f : fetches) {
                assertThat(f.get()).isEqualTo(copy);
            }
            assertThat(Files.readAllBytes(copy.resolve("weights/tensors.bin"))).containsExactly(1, 2, 3, 4, 5);
            // No half-written copies left behind by the fetches that lost.
            try (Stream<Path> all = Files.list(tmp.resolve("cache"))) {
                assertThat(all.toList()).containsExactly(copy);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMissingModelOrAFileIsNamed() throws Exception {
        ModelCache cache = new ModelCache(tmp.resolve("cache"));
        String missing = tmp.resolve("nowhere").toUri().toString();
        assertThatThrownBy(() -> cache.fetch(missing, new Configuration()))
                .isInstanceOf(SpanrelException.class).hasMessage("model " + missing + " not found");
        Path file = Files.writeString(tmp.resolve("model.zip"), "zip");
        assertThatThrownBy(() -> cache.fetch(file.toUri().toString(), new Configuration()))
                .hasMessage("model " + file.toUri() + " is a file, not a model directory");
    }

    @Test
    void onlyLocationsWithASchemeGoThroughHadoop() {
        assertThat(ModelSource.hasScheme("hdfs://namenode/models/conll04")).isTrue();
        assertThat(ModelSource.hasScheme("s3a://bucket/models/conll04")).isTrue();
        assertThat(ModelSource.hasScheme("file:///models/conll04")).isTrue();
        assertThat(ModelSource.hasScheme("/models/conll04")).isFalse();
        assertThat(ModelSource.hasScheme("conll04")).isFalse();
    }

    private static List<Path> entries(Path dir) throws Exception {
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
