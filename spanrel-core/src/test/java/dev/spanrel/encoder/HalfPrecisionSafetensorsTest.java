package dev.spanrel.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** F16 and BF16 tensors are widened to float32 on read. */
class HalfPrecisionSafetensorsTest {
    @TempDir
    Path tmp;

    @Test
    void widensHalfAndBFloat16() throws Exception {
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]}}";
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        // F16: 1.0, -2.0, 0.5, smallest subnormal (2^-24)
        data.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x3800).putShort((short) 0x0001);
        // BF16: 1.0, -3.0 (upper halves of the float32 bits)
        data.putShort((short) 0x3f80).putShort((short) 0xc040);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.write(h);
        out.write(data.array());
        Path file = tmp.resolve("half.safetensors");
        Files.write(file, out.toByteArray());
        Map<String, FloatTensor> t = SafetensorsReader.read(file);
        assertThat(t.get("h").values()).containsExactly(1f, -2f, 0.5f, 0x1p-24f);
        assertThat(t.get("b").values()).containsExactly(1f, -3f);
    }
}
