package dev.spanrel.encoder;

import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Reads a PyTorch checkpoint in the zip format ({@code torch.save} since 1.6): {@code <name>/data.pkl} is a pickle
 * of a dict of tensors whose storages are persistent ids pointing at {@code <name>/data/<key>}. Pyrolite does the
 * unpickling; we only teach it the few torch globals a state dict uses. Float tensors (float32, float16,
 * bfloat16) are returned; integer buffers such as {@code position_ids} are skipped.
 */
public final class TorchZipReader {
    private TorchZipReader() {}

    /** A storage's element type, as named by the pickle's {@code torch.XStorage} global. */
    private record StorageType(String name, int width) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("torch." + name + " is not constructed directly");
        }
    }

    private record StorageRef(StorageType type, String key, long numel) {}

    private record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    /** A dict subclass that swallows the {@code _metadata} state torch attaches to state dicts. */
    public static final class StateDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;

        /**
         * Ignores the state: it is version metadata, not needed to read the tensors.
         *
         * @param state the pickled state
         */
        public void __setstate__(HashMap<?, ?> state) {
            // Version metadata of torch modules: not needed to read the tensors.
        }
    }

    static {
        for (String s : List.of("FloatStorage:4", "HalfStorage:2", "BFloat16Storage:2", "DoubleStorage:8",
                "LongStorage:8", "IntStorage:4", "ShortStorage:2", "CharStorage:1", "ByteStorage:1",
                "BoolStorage:1")) {
            String[] p = s.split(":");
            Unpickler.registerConstructor("torch", p[0], new StorageType(p[0], Integer.parseInt(p[1])));
        }
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", args -> new TensorRef(
                (StorageRef) args[0], toLong(args[1]), toLongs(args[2]), toLongs(args[3])));
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", args -> args[0]);
        Unpickler.registerConstructor("collections", "OrderedDict", args -> new StateDict());
    }

    /**
     * Reads the float tensors of a PyTorch zip checkpoint ({@code torch.save} since 1.6), widening half-precision ones.
     *
     * @param file the {@code .bin} or {@code .pt} file
     * @return tensors by name, in the state dict's order
     */
    public static Map<String, FloatTensor> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SpanrelException("PyTorch checkpoint not found: " + file);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pkl = zip.stream().filter(e -> e.getName().endsWith("/data.pkl")).findFirst()
                    .orElseThrow(() -> new SpanrelException(file + ": no <name>/data.pkl inside; not a torch zip checkpoint"));
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            Object root;
            try (InputStream in = zip.getInputStream(pkl)) {
                root = new TorchUnpickler().load(in);
            }
            if (!(root instanceof Map<?, ?> dict)) {
                throw new SpanrelException(file + ": data.pkl holds " + root.getClass().getSimpleName()
                        + ", expected a dict of tensors");
            }
            Map<String, ByteBuffer> storages = new HashMap<>();
            Map<String, FloatTensor> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : dict.entrySet()) {
                if (!(e.getValue() instanceof TensorRef t) || !isFloat(t.storage().type())) {
                    continue;
                }
                String name = String.valueOf(e.getKey());
                ByteBuffer data = storages.computeIfAbsent(t.storage().key(),
                        key -> readStorage(zip, file, prefix, t.storage()));
                out.put(name, gather(file, name, t, data));
            }
            return Collections.unmodifiableMap(out);
        } catch (IOException | PickleException e) {
            throw new SpanrelException("cannot read PyTorch checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isFloat(StorageType type) {
        return type.name().equals("FloatStorage") || type.name().equals("HalfStorage")
                || type.name().equals("BFloat16Storage");
    }

    private static ByteBuffer readStorage(ZipFile zip, Path file, String prefix, StorageRef ref) {
        ZipEntry entry = zip.getEntry(prefix + "data/" + ref.key());
        if (entry == null) {
            throw new SpanrelException(file + ": storage " + ref.key() + " is missing from the archive");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readAllBytes();
            long expected = ref.numel() * ref.type().width();
            if (bytes.length != expected) {
                throw new SpanrelException(file + ": storage " + ref.key() + " has " + bytes.length
                        + " bytes, expected " + expected + " (truncated or corrupt checkpoint)");
            }
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new SpanrelException(file + ": cannot read storage " + ref.key() + ": " + e.getMessage(), e);
        }
    }

    /** Copies a tensor out of its storage, honouring offset and strides (any layout, not just contiguous). */
    private static FloatTensor gather(Path file, String name, TensorRef t, ByteBuffer data) {
        long n = FloatTensor.numel(t.size());
        int width = t.storage().type().width();
        long maxIndex = t.offset();
        for (int d = 0; d < t.size().length; d++) {
            maxIndex += (t.size()[d] - 1) * t.stride()[d];
        }
        if (n > 0 && maxIndex >= t.storage().numel()) {
            throw new SpanrelException(file + ": tensor '" + name + "' reaches past the end of its storage");
        }
        float[] values = new float[Math.toIntExact(n)];
        if (isContiguous(t) && width == 4) {
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(Math.toIntExact(t.offset() * 4))
                    .slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return new FloatTensor(t.size(), values);
        }
        int rank = t.size().length;
        long[] index = new long[rank];
        for (int i = 0; i < values.length; i++) {
            long pos = t.offset();
            for (int d = 0; d < rank; d++) {
                pos += index[d] * t.stride()[d];
            }
            values[i] = element(data, t.storage().type(), Math.toIntExact(pos));
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < t.size()[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return new FloatTensor(t.size(), values);
    }

    private static float element(ByteBuffer data, StorageType type, int index) {
        return switch (type.name()) {
            case "FloatStorage" -> data.getFloat(index * 4);
            case "HalfStorage" -> HalfFloats.fromHalf(data.getShort(index * 2));
            default -> Float.intBitsToFloat((data.getShort(index * 2) & 0xffff) << 16);
        };
    }

    private static boolean isContiguous(TensorRef t) {
        long expected = 1;
        for (int d = t.size().length - 1; d >= 0; d--) {
            if (t.size()[d] != 1 && t.stride()[d] != expected) {
                return false;
            }
            expected *= t.size()[d];
        }
        return true;
    }

    private static final class TorchUnpickler extends Unpickler {
        @Override
        protected Object persistentLoad(Object pid) {
            if (pid instanceof Object[] tuple && tuple.length >= 5 && "storage".equals(tuple[0])
                    && tuple[1] instanceof StorageType type) {
                return new StorageRef(type, String.valueOf(tuple[2]), toLong(tuple[4]));
            }
            throw new PickleException("unsupported persistent id in torch checkpoint: " + describe(pid));
        }

        private static String describe(Object pid) {
            return pid instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(pid);
        }
    }

    private static long toLong(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        throw new PickleException("expected an integer, got " + o);
    }

    private static long[] toLongs(Object o) {
        List<Object> items = new ArrayList<>();
        if (o instanceof Object[] a) {
            items.addAll(List.of(a));
        } else if (o instanceof List<?> l) {
            items.addAll(l);
        } else {
            throw new PickleException("expected a tuple of integers, got " + o);
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toLong(items.get(i));
        }
        return out;
    }
}
