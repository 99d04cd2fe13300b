package dev.spanrel.encoder;

import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes float32 tensors as a PyTorch zip checkpoint that {@code torch.load} reads as a dict of tensors, the way
 * {@code torch.save} lays one out: {@code <name>/data.pkl} (a protocol-2 pickle whose tensors are
 * {@code torch._utils._rebuild_tensor_v2} calls on persistent storage ids), {@code <name>/data/<key>} (the raw
 * little-endian storages, one per tensor, stored uncompressed and aligned to 64 bytes as torch aligns them),
 * {@code <name>/version} and {@code <name>/byteorder}. {@link TorchZipReader} reads it back.
 */
public final class TorchZipWriter {
    private static final int ALIGNMENT = 64;
    /** 1980-01-02, inside the zip format's DOS date range: the same tensors give the same bytes. */
    private static final long ENTRY_TIME = 315_619_200_000L;

    private TorchZipWriter() {}

    /**
     * Writes {@code tensors} in map order; the archive's inner folder is the file name without extension.
     *
     * @param file the checkpoint file, e.g. {@code pytorch_model.bin}, replaced atomically
     * @param tensors the tensors by the names {@code torch.load} gives them
     */
    public static void write(Path file, Map<String, FloatTensor> tensors) {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String archive = dot > 0 ? fileName.substring(0, dot) : fileName;
        AtomicFiles.write(file, out -> {
            CountingStream counted = new CountingStream(out);
            try (ZipOutputStream zip = new ZipOutputStream(counted)) {
                put(zip, counted, archive + "/data.pkl", pickle(tensors));
                int key = 0;
                for (FloatTensor t : tensors.values()) {
                    put(zip, counted, archive + "/data/" + key++, littleEndian(t.values()));
                }
                put(zip, counted, archive + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
                put(zip, counted, archive + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            }
        });
    }

    /** The pickle of {@code {name: tensor}}, the storage of the i-th tensor being key "i". */
    static byte[] pickle(Map<String, FloatTensor> tensors) {
        Pickle p = new Pickle();
        p.op(0x80).op(2); // PROTO 2
        p.op('}'); // EMPTY_DICT
        p.op('('); // MARK
        int key = 0;
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            FloatTensor t = e.getValue();
            long[] shape = t.shape();
            p.unicode(e.getKey());
            p.global("torch._utils", "_rebuild_tensor_v2");
            p.op('(');
            p.op('(').unicode("storage").global("torch", "FloatStorage").unicode(Integer.toString(key++))
                    .unicode("cpu").integer(FloatTensor.numel(shape)).op('t');
            p.op('Q'); // BINPERSID
            p.integer(0); // storage offset
            p.op('(');
            for (long size : shape) {
                p.integer(size);
            }
            p.op('t');
            p.op('(');
            long stride = 1;
            long[] strides = new long[shape.length];
            for (int d = shape.length - 1; d >= 0; d--) {
                strides[d] = stride;
                stride *= shape[d];
            }
            for (long s : strides) {
                p.integer(s);
            }
            p.op('t');
            p.op(0x89); // NEWFALSE: requires_grad
            p.global("collections", "OrderedDict").op(')').op('R'); // backward hooks: an empty OrderedDict
            p.op('t');
            p.op('R'); // REDUCE
        }
        p.op('u'); // SETITEMS
        p.op('.'); // STOP
        return p.bytes.toByteArray();
    }

    /** The pickle opcodes a state dict needs. */
    private static final class Pickle {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Pickle op(int opcode) {
            bytes.write(opcode);
            return this;
        }

        Pickle global(String module, String name) {
            op('c');
            bytes.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Pickle unicode(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            int32(utf8.length);
            bytes.writeBytes(utf8);
            return this;
        }

        Pickle integer(long value) {
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw new SpanrelException("tensor size " + value + " does not fit the checkpoint writer's 32-bit integers");
            }
            op('J'); // BININT
            int32((int) value);
            return this;
        }

        private void int32(int v) {
            bytes.write(v & 0xff);
            bytes.write((v >>> 8) & 0xff);
            bytes.write((v >>> 16) & 0xff);
            bytes.write((v >>> 24) & 0xff);
        }
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    /**
     * A stored entry whose data starts on a multiple of 64 bytes: the local header (30 bytes, the name, the extra
     * field) is padded through an extra field of the length that gets there, as torch's writer pads it.
     */
    private static void put(ZipOutputStream zip, CountingStream counted, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setTime(ENTRY_TIME);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        long dataStart = counted.count + 30 + name.getBytes(StandardCharsets.UTF_8).length;
        int padding = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
        if (padding > 0 && padding < 4) {
            padding += ALIGNMENT; // an extra field is at least its 4-byte header
        }
        if (padding > 0) {
            byte[] extra = new byte[padding];
            extra[0] = 'F';
            extra[1] = 'B';
            extra[2] = (byte) ((padding - 4) & 0xff);
            extra[3] = (byte) ((padding - 4) >>> 8);
            entry.setExtra(extra);
        }
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    /** Counts the bytes written so far, to know where the next entry's header starts. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
