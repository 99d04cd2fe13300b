package dev.spanrel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes float32 tensors as {@code .safetensors} (readable by Hugging Face), atomically. */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {}

    /**
     * Writes the tensors as float32 safetensors, with PyTorch's format metadata, atomically.
     *
     * @param file the file to write
     * @param tensors tensors by name, written in this order
     */
    public static void write(Path file, Map<String, FloatTensor> tensors) {
        write(file, tensors, Map.of("format", "pt"));
    }

    /**
     * Writes the tensors as float32 safetensors with this header metadata, atomically.
     *
     * @param file the file to write
     * @param tensors tensors by name, written in this order
     * @param metadata the {@code __metadata__} entries
     */
    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.forEach((name, t) -> shapes.put(name, t.shape()));
        byte[] headerBytes = header(shapes, metadata);
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
            out.write(len.array());
            out.write(headerBytes);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (FloatTensor t : tensors.values()) {
                float[] v = t.values();
                for (int i = 0; i < v.length; ) {
                    int n = Math.min(v.length - i, chunk.capacity() / 4);
                    chunk.clear();
                    chunk.asFloatBuffer().put(v, i, n);
                    out.write(chunk.array(), 0, n * 4);
                    i += n;
                }
            }
        });
    }

    /**
     * Writes float32 native tensors (CPU, contiguous) as safetensors with this header metadata, atomically, from the
     * tensors' own memory: nothing of them is copied to the heap, which for a checkpoint (weights and both moments,
     * 1.3 GB for BERT-base) would otherwise pass through it at every epoch, and G1 keeps what it grows.
     *
     * @param file the file to write
     * @param tensors tensors by name, written in this order
     * @param metadata the {@code __metadata__} entries
     */
    public static void writeNative(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            if (t.getDataType() != DataType.FLOAT32) {
                throw new SpanrelException("safetensors writer: tensor '" + name + "' is " + t.getDataType() + ", not float32");
            }
            shapes.put(name, t.getShape().getShape());
        });
        byte[] headerBytes = header(shapes, metadata);
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
            out.write(len.array());
            out.write(headerBytes);
            byte[] chunk = new byte[1 << 20];
            for (NDArray t : tensors.values()) {
                ByteBuffer data = TensorMemory.of(t);
                if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                    // safetensors is little-endian; swap through a float view on big-endian hosts.
                    ByteBuffer swapped = ByteBuffer.allocate(data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
                    swapped.asFloatBuffer().put(data.asFloatBuffer());
                    data = swapped;
                }
                for (int at = 0; at < data.capacity(); at += chunk.length) {
                    int n = Math.min(chunk.length, data.capacity() - at);
                    data.get(at, chunk, 0, n);
                    out.write(chunk, 0, n);
                }
            }
        });
    }

    /** The JSON header for these shapes (float32, in order), padded with spaces so the data starts 8-byte aligned. */
    private static byte[] header(Map<String, long[]> shapes, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode meta = header.putObject("__metadata__");
        metadata.forEach(meta::put);
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            long numel = 1;
            for (long d : e.getValue()) {
                shape.add(d);
                numel *= d;
            }
            long bytes = 4L * numel;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        java.util.Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        return headerBytes;
    }
}
