package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The float32 gradient check finds this machine's products equal to float64 ones and says how many it ran. */
class BenchGradientsCommandTest {
    @Test
    void findsNoWrongGradientOnAFewBatches() {
        CommandsTest.Run r = CommandsTest.run("bench", "gradients", "--calls", "6", "--batch", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("6 calls of each product, batch 2",
                "attention scores and their Q and K gradients: 0 of 6 calls wrong",
                "feed-forward projection and its weight gradient: 0 of 6 calls wrong");
    }
}
