package dev.spanrel.encoder;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code .safetensors} file: an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw little-endian data. F32 is read as is; F16 and BF16 are widened.
 */
public final class SafetensorsReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsReader() {}

    /**
     * Reads every tensor of a safetensors file, as float32.
     *
     * @param file the {@code .safetensors} file
     * @return tensors by name, in the file's order
     */
    public static Map<String, FloatTensor> read(Path file) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        forEach(file, out::put);
        return out;
    }

    /**
     * Copies a safetensors file's tensors into native tensors of the same names, one at a time through the heap;
     * tensors without a target are skipped, and a target the file lacks, or of another shape, is an error.
     *
     * @param file the {@code .safetensors} file
     * @param targets float32 tensors by name, filled in place
     * @param describe how an error names an entry, e.g. {@code "tensor 'x'"}
     * @throws SpanrelException naming the file and the entry
     */
    public static void readInto(Path file, Map<String, NDArray> targets, java.util.function.Function<String, String> describe) {
        java.util.Set<String> filled = new java.util.HashSet<>();
        forEach(file, (name, t) -> {
            NDArray target = targets.get(name);
            if (target == null) {
                return;
            }
            if (!t.hasShape(target.getShape().getShape())) {
                throw new SpanrelException(file + ": " + describe.apply(name) + " has shape " + java.util.Arrays.toString(t.shape())
                        + ", the model needs " + target.getShape());
            }
            target.set(java.nio.FloatBuffer.wrap(t.values()));
            filled.add(name);
        });
        for (String name : targets.keySet()) {
            if (!filled.contains(name)) {
                throw new SpanrelException(file + ": " + describe.apply(name) + " is missing");
            }
        }
    }

    /**
     * Reads the tensors of a safetensors file one at a time, as float32, handing each to {@code consumer} before the
     * next is read: a loader that copies each into a native tensor holds one tensor on the heap at a time, not the
     * whole model.
     *
     * @param file the {@code .safetensors} file
     * @param consumer takes each tensor's name and values, in the file's order
     */
    public static void forEach(Path file, java.util.function.BiConsumer<String, FloatTensor> consumer) {
        if (!Files.isRegularFile(file)) {
            throw new SpanrelException("safetensors file not found: " + file);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new SpanrelException(file + ": truncated safetensors file (" + size + " bytes)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > 100_000_000L || 8 + headerLen > size) {
                throw new SpanrelException(file + ": bad or truncated safetensors header (length " + headerLen
                        + ", file " + size + " bytes)");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8);
            JsonNode header = JSON.readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + headerLen;
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                consumer.accept(e.getKey(), readTensor(ch, file, e.getKey(), e.getValue(), dataStart, size));
            }
        } catch (IOException e) {
            throw new SpanrelException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    private static FloatTensor readTensor(FileChannel ch, Path file, String name, JsonNode info, long dataStart,
            long fileSize) throws IOException {
        String dtype = info.path("dtype").asText();
        JsonNode shapeNode = info.path("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
        }
        long begin = info.path("data_offsets").path(0).asLong(-1);
        long end = info.path("data_offsets").path(1).asLong(-1);
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new SpanrelException(file + ": tensor '" + name + "' has dtype " + dtype
                    + "; only F32, F16 and BF16 are read");
        };
        long n = FloatTensor.numel(shape);
        if (begin < 0 || end - begin != n * width) {
            throw new SpanrelException(file + ": tensor '" + name + "' byte range [" + begin + ", " + end
                    + ") does not match its shape and dtype");
        }
        if (dataStart + end > fileSize) {
            throw new SpanrelException(file + ": truncated; tensor '" + name + "' ends at byte " + (dataStart + end)
                    + " but the file has " + fileSize);
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, buf, dataStart + begin);
        buf.flip();
        float[] values = new float[Math.toIntExact(n)];
        switch (dtype) {
            case "F32" -> buf.asFloatBuffer().get(values);
            case "F16" -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = HalfFloats.fromHalf(buf.getShort());
                }
            }
            default -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                }
            }
        }
        return new FloatTensor(shape, values);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }
}
