package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void theEpochLineSaysHowLongTheRestTakesAtTheMeanPace() {
        assertThat(Progress.epochDone(2, 20, 581.4, 590))
                .isEqualTo("epoch 2/20 done in 0:09:41; 18 to go, about 2:57:00 at this pace");
        assertThat(Progress.epochDone(20, 20, 61, 60)).isEqualTo("epoch 20/20 done in 0:01:01");
    }

    @Test
    void logLinesComeEveryTenthOfTheEpochAndAtItsEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "epoch 1/2", 20);
        for (int done = 1; done <= 20; done++) {
            progress.update(done, done * 8, 0.5);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(10);
        assertThat(lines[0]).startsWith("epoch 1/2 2/20 loss 0.5000");
        assertThat(lines[9]).startsWith("epoch 1/2 20/20 loss 0.5000").contains("eta 0:00:00");
    }
}
