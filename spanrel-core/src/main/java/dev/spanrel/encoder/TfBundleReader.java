package dev.spanrel.encoder;

import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads a TensorFlow checkpoint bundle ({@code variables.index} + {@code variables.data-00000-of-00001}).
 *
 * <p>The index is a LevelDB-style sorted table: a 48-byte footer locates the index block, whose entries point at
 * data blocks; each data-block entry maps a variable name to a {@code BundleEntryProto} (dtype, shape, offset and
 * size in the data file, masked CRC32C of the bytes). Every tensor's CRC is verified, so a corrupt download is
 * caught here and not as a model that quietly predicts nonsense. Names are returned as TF wrote them.
 */
public final class TfBundleReader {
    private static final long TABLE_MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER_SIZE = 48;
    private static final int BLOCK_TRAILER_SIZE = 5;
    private static final int DT_FLOAT = 1;

    /** The tensors under their TF names, and how many CRCs were checked (one per tensor). */
    public record Bundle(Map<String, FloatTensor> tensors, int verifiedCrcs) {}

    private TfBundleReader() {}

    /**
     * Reads {@code dir/variables.index} and {@code dir/variables.data-00000-of-00001}.
     *
     * @param dir the folder with the index and its data shard
     * @return the bundle
     */
    public static Bundle readDirectory(Path dir) {
        Path index = dir.resolve("variables.index");
        Path data = dir.resolve("variables.data-00000-of-00001");
        for (Path p : new Path[] {index, data}) {
            if (!Files.isRegularFile(p)) {
                throw new SpanrelException("TF checkpoint file not found: " + p);
            }
        }
        try {
            return read(Files.readAllBytes(index), Files.readAllBytes(data), dir.toString());
        } catch (IOException e) {
            throw new SpanrelException("cannot read TF checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the bundle out of a zip stream holding {@code variables/variables.index} and its data file.
     *
     * @param zipStream the zip, read to its end
     * @param origin what the stream is, for error messages
     * @return the bundle
     */
    public static Bundle readZip(InputStream zipStream, String origin) {
        byte[] index = null;
        byte[] data = null;
        try (ZipInputStream zip = new ZipInputStream(zipStream)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().endsWith("variables/variables.index")) {
                    index = zip.readAllBytes();
                } else if (e.getName().endsWith("variables/variables.data-00000-of-00001")) {
                    data = zip.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new SpanrelException("cannot read TF checkpoint from " + origin + ": " + e.getMessage(), e);
        }
        if (index == null || data == null) {
            throw new SpanrelException(origin + ": no variables/variables.index and variables.data-00000-of-00001 inside");
        }
        return read(index, data, origin);
    }

    /**
     * Reads a bundle from the bytes of its index and its single data shard, checking every CRC.
     *
     * @param index the bytes of {@code variables.index}
     * @param data the bytes of {@code variables.data-00000-of-00001}
     * @param origin what the bytes came from, for error messages
     * @return the bundle
     */
    public static Bundle read(byte[] index, byte[] data, String origin) {
        if (index.length < FOOTER_SIZE) {
            throw new SpanrelException(origin + ": variables.index is truncated (" + index.length + " bytes)");
        }
        ByteBuffer footer = ByteBuffer.wrap(index, index.length - FOOTER_SIZE, FOOTER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        if (footer.getLong(index.length - 8) != TABLE_MAGIC) {
            throw new SpanrelException(origin + ": variables.index has no table magic; not a TF checkpoint index");
        }
        Cursor f = new Cursor(index, index.length - FOOTER_SIZE);
        f.varint(); // metaindex offset: unused
        f.varint(); // metaindex size
        long indexOffset = f.varint();
        long indexSize = f.varint();
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        int[] verified = {0};
        forEachEntry(index, indexOffset, indexSize, origin, (key, value) -> {
            Cursor handle = new Cursor(value, 0);
            long blockOffset = handle.varint();
            long blockSize = handle.varint();
            forEachEntry(index, blockOffset, blockSize, origin, (name, entry) -> {
                if (name.isEmpty()) {
                    return; // the bundle header, not a tensor
                }
                tensors.put(name, readTensor(name, entry, data, origin));
                verified[0]++;
            });
        });
        return new Bundle(Collections.unmodifiableMap(tensors), verified[0]);
    }

    private interface EntryVisitor {
        void visit(String key, byte[] value);
    }

    /** Walks one table block: prefix-compressed keys, then a restart array and its count. */
    private static void forEachEntry(byte[] table, long offset, long size, String origin, EntryVisitor visitor) {
        if (offset < 0 || size < 4 || offset + size + BLOCK_TRAILER_SIZE > table.length) {
            throw new SpanrelException(origin + ": variables.index block [" + offset + ", +" + size
                    + ") lies outside the file (truncated index)");
        }
        int start = (int) offset;
        int end = (int) (offset + size);
        int restarts = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN).getInt(end - 4);
        int entriesEnd = end - 4 - 4 * restarts;
        Cursor c = new Cursor(table, start);
        byte[] key = new byte[0];
        while (c.pos < entriesEnd) {
            int shared = (int) c.varint();
            int unshared = (int) c.varint();
            int valueLen = (int) c.varint();
            byte[] next = new byte[shared + unshared];
            System.arraycopy(key, 0, next, 0, shared);
            System.arraycopy(table, c.pos, next, shared, unshared);
            c.pos += unshared;
            key = next;
            byte[] value = java.util.Arrays.copyOfRange(table, c.pos, c.pos + valueLen);
            c.pos += valueLen;
            visitor.visit(new String(key, java.nio.charset.StandardCharsets.UTF_8), value);
        }
    }

    /** Decodes a {@code BundleEntryProto} and reads, checks and converts the tensor's bytes. */
    private static FloatTensor readTensor(String name, byte[] entry, byte[] data, String origin) {
        int dtype = 0;
        long offset = 0;
        long size = 0;
        long crc = -1;
        java.util.List<Long> dims = new java.util.ArrayList<>();
        Cursor c = new Cursor(entry, 0);
        while (c.pos < entry.length) {
            long tag = c.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (wire) {
                case 0 -> {
                    long v = c.varint();
                    if (field == 1) dtype = (int) v;
                    else if (field == 4) offset = v;
                    else if (field == 5) size = v;
                }
                case 2 -> {
                    int len = (int) c.varint();
                    if (field == 2) {
                        readShape(entry, c.pos, c.pos + len, dims);
                    }
                    c.pos += len;
                }
                case 5 -> {
                    long v = ByteBuffer.wrap(entry, c.pos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(c.pos) & 0xffffffffL;
                    if (field == 6) crc = v;
                    c.pos += 4;
                }
                case 1 -> c.pos += 8;
                default -> throw new SpanrelException(origin + ": unexpected protobuf wire type " + wire + " in entry " + name);
            }
        }
        if (dtype != DT_FLOAT) {
            throw new SpanrelException(origin + ": tensor '" + name + "' has TF dtype " + dtype + "; only float32 is read");
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long n = FloatTensor.numel(shape);
        if (size != 4 * n) {
            throw new SpanrelException(origin + ": tensor '" + name + "' has " + size + " bytes for shape "
                    + java.util.Arrays.toString(shape));
        }
        if (offset + size > data.length) {
            throw new SpanrelException(origin + ": variables.data is truncated; tensor '" + name + "' ends at byte "
                    + (offset + size) + " but the file has " + data.length);
        }
        CRC32C crc32c = new CRC32C();
        crc32c.update(data, (int) offset, (int) size);
        if (crc < 0 || mask(crc32c.getValue()) != crc) {
            throw new SpanrelException(origin + ": CRC mismatch for tensor '" + name
                    + "' (corrupt variables.data or index)");
        }
        float[] values = new float[(int) n];
        ByteBuffer.wrap(data, (int) offset, (int) size).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return new FloatTensor(shape, values);
    }

    /** {@code TensorShapeProto}: repeated field 2 {@code Dim} messages, each with field 1 the size. */
    private static void readShape(byte[] buf, int start, int end, java.util.List<Long> dims) {
        Cursor c = new Cursor(buf, start);
        while (c.pos < end) {
            long tag = c.varint();
            int len = (int) c.varint();
            if ((tag >>> 3) == 2) {
                Cursor d = new Cursor(buf, c.pos);
                long dimSize = 0;
                while (d.pos < c.pos + len) {
                    long dtag = d.varint();
                    if ((dtag & 7) == 0) {
                        long v = d.varint();
                        if ((dtag >>> 3) == 1) dimSize = v;
                    } else {
                        d.pos += (int) d.varint();
                    }
                }
                dims.add(dimSize);
            }
            c.pos += len;
        }
    }

    /** LevelDB's CRC mask: rotate right by 15 and add a constant, so CRCs of CRCs stay informative. */
    static long mask(long crc) {
        return ((((crc >>> 15) | (crc << 17)) & 0xffffffffL) + 0xa282ead8L) & 0xffffffffL;
    }

    private static final class Cursor {
        final byte[] buf;
        int pos;

        Cursor(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buf[pos++];
                result |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw new SpanrelException("malformed varint at byte " + pos);
        }
    }
}
