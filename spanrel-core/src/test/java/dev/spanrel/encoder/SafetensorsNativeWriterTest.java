package dev.spanrel.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing native tensors from their own memory gives the bytes the heap writer gives, and reads back. */
class SafetensorsNativeWriterTest {
    @TempDir Path tmp;

    @Test
    void nativeTensorsWriteTheHeapWritersBytes() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(9);
            Map<String, NDArray> nativeTensors = new LinkedHashMap<>();
            nativeTensors.put("a.weight", manager.randomNormal(new Shape(3, 1_000_001 / 3)));
            nativeTensors.put("b", manager.create(new float[] {1f, -2.5f, Float.MIN_VALUE}));
            nativeTensors.put("c", manager.zeros(new Shape(0)));
            Map<String, FloatTensor> heapTensors = new LinkedHashMap<>();
            nativeTensors.forEach((name, t) -> heapTensors.put(name, new FloatTensor(t.getShape().getShape(), t.toFloatArray())));
            Map<String, String> metadata = Map.of("format", "pt", "epochsDone", "3");

            SafetensorsWriter.write(tmp.resolve("heap.safetensors"), heapTensors, metadata);
            SafetensorsWriter.writeNative(tmp.resolve("native.safetensors"), nativeTensors, metadata);

            assertThat(Files.readAllBytes(tmp.resolve("native.safetensors"))).isEqualTo(Files.readAllBytes(tmp.resolve("heap.safetensors")));
            Map<String, FloatTensor> back = SafetensorsReader.read(tmp.resolve("native.safetensors"));
            assertThat(back.keySet()).containsExactly("a.weight", "b", "c");
            assertThat(back.get("b").values()).containsExactly(1f, -2.5f, Float.MIN_VALUE);
            assertThat(java.util.Arrays.mismatch(back.get("a.weight").values(), heapTensors.get("a.weight").values()))
                    .as("first differing float").isEqualTo(-1);
        }
    }

    @Test
    void onlyFloat32IsWritten() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = Map.of("ids", manager.create(new long[] {1, 2}));
            assertThatThrownBy(() -> SafetensorsWriter.writeNative(tmp.resolve("x.safetensors"), tensors, Map.of()))
                    .hasMessageContaining("tensor 'ids' is int64, not float32");
            assertThat(tmp.resolve("x.safetensors")).doesNotExist();
        }
    }
}
