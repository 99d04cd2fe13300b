package dev.spanrel.encoder;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.spanrel.SpanrelException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A parameter-free TorchScript module written from its source text, for the few libtorch operations DJL's NDArray
 * API cannot express (DJL has no bfloat16 data type on CPU). The archive is the TorchScript serialization format
 * reduced to what a module without tensors needs: its class source under {@code code/}, a pickled instance, an
 * empty constants table and the format version. Autograd runs through it like through any libtorch op.
 */
final class TorchScriptModule implements AutoCloseable {
    private static final int FORMAT_VERSION = 3;

    private final Model model;
    private final Block block;

    private TorchScriptModule(Model model) {
        this.model = model;
        this.block = model.getBlock();
    }

    /**
     * Compiles {@code source}, which must define {@code class <className>(Module)} with a {@code forward} method.
     *
     * @param source TorchScript class source, as libtorch stores it in {@code code/__torch__.py}
     */
    static TorchScriptModule compile(String className, String source) {
        // The graph executor would re-profile the graph for every new batch shape; these graphs are single ops.
        if (System.getProperty("ai.djl.pytorch.graph_optimizer") == null) {
            System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("spanrel-torchscript");
            String name = className.toLowerCase(java.util.Locale.ROOT);
            Path file = dir.resolve(name + ".pt");
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(archive(name, className, source));
            }
            Model model = Model.newInstance(name, "PyTorch");
            model.load(dir, name);
            return new TorchScriptModule(model);
        } catch (IOException | MalformedModelException e) {
            throw new SpanrelException("cannot load the TorchScript module " + className + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    NDList forward(NDList inputs, boolean training) {
        NDList unnamed = new NDList(inputs.size());
        for (NDArray input : inputs) {
            // DJL passes named arrays whose names look like "a.b" (every BERT parameter) as dictionaries.
            unnamed.add(input.getName() == null ? input : input.reshape(input.getShape()));
        }
        return block.forward(new ParameterStore(inputs.head().getManager(), false), unnamed, training);
    }

    @Override
    public void close() {
        model.close();
    }

    /** The archive bytes: uncompressed zip entries under one top folder, as libtorch writes them. */
    static byte[] archive(String folder, String className, String source) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, folder + "/data.pkl", instancePickle(className));
            stored(zip, folder + "/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, folder + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(zip, folder + "/version", (FORMAT_VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    /**
     * Pickle protocol 2 of an instance of {@code __torch__.<className>} whose state is {@code {"training": True}}:
     * PROTO, GLOBAL, EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, MARK, the key and value, SETITEMS, BUILD, STOP.
     */
    static byte[] instancePickle(String className) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        out.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(')');
        out.write(0x81);
        out.write('}');
        out.write('(');
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        out.write('X');
        out.write(key.length);
        out.write(0);
        out.write(0);
        out.write(0);
        out.writeBytes(key);
        out.write(0x88);
        out.write('u');
        out.write('b');
        out.write('.');
        return out.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A leftover temp file is harmless.
        }
    }
}
