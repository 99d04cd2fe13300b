package dev.spanrel.data;

import dev.spanrel.AtomicFiles;
import dev.spanrel.FileDigests;
import dev.spanrel.SpanrelException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fetches the SpERT JSON benchmark files ({@code <base>/<dataset>/<file>}) into {@code <out>/<dataset>/<file>} and
 * checks each against the SHA-256 sum this library ships ({@code SHA256SUMS}), so a changed or truncated file is
 * never taken for the benchmark. A file already present with the right sum is not fetched again; a download is
 * written to a temporary file and moved into place only when its sum is right, so a good file is never replaced
 * by a bad one.
 */
public final class DatasetDownloader {
    /** The SpERT authors' public server, which SpERT's {@code scripts/fetch_datasets.sh} downloads from. */
    public static final URI DEFAULT_BASE_URL = URI.create("http://lavis.cs.hs-rm.de/storage/spert/public/datasets/");
    /** The benchmark data sets that can be downloaded, by the names the commands take. */
    public static final List<String> DATASETS = List.of("conll04", "scierc", "ade");
    private static final String CHECKSUMS_RESOURCE = "SHA256SUMS";

    /** What the downloader did with a file. */
    public enum Outcome {
        /** Fetched and checked against its checksum. */
        DOWNLOADED,
        /** Already there with the right checksum, so not fetched again. */
        ALREADY_PRESENT
    }

    /** What happened to one file. */
    public record FileResult(String name, Path file, Outcome outcome) {}

    private final URI baseUrl;
    private final HttpClient http;

    /**
     * A downloader from {@code baseUrl}, the folder that holds one sub-folder per data set.
     *
     * @param baseUrl the base address; an address without a trailing slash gets one
     */
    public DatasetDownloader(URI baseUrl) {
        String text = baseUrl.toString();
        this.baseUrl = URI.create(text.endsWith("/") ? text : text + "/");
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * {@code dataset/file.json} → lower-case hex SHA-256, for every benchmark file.
     *
     * @return the checksum of every file by its {@code dataset/file.json} name
     */
    public static Map<String, String> checksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        try (InputStream in = DatasetDownloader.class.getResourceAsStream(CHECKSUMS_RESOURCE)) {
            if (in == null) {
                throw new SpanrelException("the checksum list " + CHECKSUMS_RESOURCE + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] parts = line.trim().split("\\s+", 2);
                if (parts.length == 2) {
                    sums.put(parts[1].replaceFirst("^\\*", ""), parts[0].toLowerCase(java.util.Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new SpanrelException("cannot read the checksum list: " + e.getMessage(), e);
        }
        return sums;
    }

    /**
     * The files of a data set ({@code conll04}, {@code scierc}, {@code ade}) or of all of them ({@code all}).
     *
     * @param dataset a data set name or {@code all}
     * @return the files' {@code dataset/file.json} names
     */
    public static List<String> files(String dataset) {
        if (!dataset.equals("all") && !DATASETS.contains(dataset)) {
            throw new SpanrelException("unknown dataset '" + dataset + "'; choose one of " + String.join(", ", DATASETS) + " or all");
        }
        return checksums().keySet().stream()
                .filter(name -> dataset.equals("all") || name.startsWith(dataset + "/"))
                .toList();
    }

    /**
     * Downloads the files of {@code dataset} into {@code outDir} without reporting progress.
     *
     * @param dataset a data set name or {@code all}
     * @param outDir the folder that gets one sub-folder per data set
     * @return what happened to each file, in order
     */
    public List<FileResult> download(String dataset, Path outDir) {
        return download(dataset, outDir, result -> {});
    }

    /**
     * Downloads the files of {@code dataset}, telling {@code progress} about each as it is done.
     *
     * @param dataset a data set name or {@code all}
     * @param outDir the folder that gets one sub-folder per data set
     * @param progress told about each file once it is in place or found present
     * @return what happened to each file, in order
     */
    public List<FileResult> download(String dataset, Path outDir, Consumer<FileResult> progress) {
        Map<String, String> sums = checksums();
        List<FileResult> results = new ArrayList<>();
        for (String name : files(dataset)) {
            FileResult result = fetch(name, sums.get(name), outDir.resolve(name));
            progress.accept(result);
            results.add(result);
        }
        return results;
    }

    private FileResult fetch(String name, String expectedSum, Path target) {
        if (Files.isRegularFile(target) && expectedSum.equals(FileDigests.sha256(target))) {
            return new FileResult(name, target, Outcome.ALREADY_PRESENT);
        }
        URI url = baseUrl.resolve(name);
        Path temp = null;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".part");
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            String actualSum;
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new SpanrelException("download of " + url + " failed: HTTP " + response.statusCode());
                }
                MessageDigest digest = FileDigests.newSha256();
                try (DigestInputStream in = new DigestInputStream(body, digest); OutputStream out = Files.newOutputStream(temp)) {
                    in.transferTo(out);
                }
                actualSum = HexFormat.of().formatHex(digest.digest());
            }
            if (!actualSum.equals(expectedSum)) {
                throw new SpanrelException("download of " + url + " has SHA-256 " + actualSum + " but " + name
                        + " must have " + expectedSum + "; " + target + " was left as it was");
            }
            AtomicFiles.moveIntoPlace(temp, target);
            temp = null;
            return new FileResult(name, target, Outcome.DOWNLOADED);
        } catch (IOException e) {
            throw new SpanrelException("download of " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpanrelException("download of " + url + " was interrupted", e);
        } finally {
            AtomicFiles.deleteQuietly(temp);
        }
    }
}
