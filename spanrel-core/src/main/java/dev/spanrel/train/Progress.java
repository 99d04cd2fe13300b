package dev.spanrel.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Reports progress through an epoch: a redrawn bar on a terminal, plain log lines (every ~10% or 30 s) otherwise,
 * so logs stay readable when output goes to a file.
 */
public final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final int total;
    private final long startNanos = System.nanoTime();
    private long lastLineNanos = startNanos;
    private int lastLineDone;

    /**
     * A progress reporter.
     *
     * @param out where lines go
     * @param terminal whether {@code out} is a terminal, where one line is redrawn in place
     * @param label what is progressing, at the start of each line
     * @param total the units there are in all
     */
    public Progress(PrintStream out, boolean terminal, String label, int total) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
    }

    /**
     * Reports progress: a redrawn line on a terminal, else a line now and then.
     *
     * @param done units finished so far
     * @param sentences sentences trained on so far
     * @param loss the latest loss
     */
    public void update(int done, int sentences, double loss) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = sentences / Math.max(seconds, 1e-9);
        double eta = done == 0 ? 0 : seconds * (total - done) / done;
        String text = String.format(Locale.ROOT, "%s %d/%d loss %.4f  %.2f sent/s  elapsed %s  eta %s",
                label, done, total, loss, rate, clock(seconds), clock(eta));
        if (terminal) {
            int width = 24;
            int filled = total == 0 ? width : (int) ((long) width * done / total);
            out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + text);
            if (done == total) {
                out.println();
            }
            out.flush();
            return;
        }
        long now = System.nanoTime();
        boolean tenth = total > 0 && (done - lastLineDone) * 10L >= total;
        if (done == total || tenth || now - lastLineNanos > 30_000_000_000L) {
            out.println(text);
            out.flush();
            lastLineNanos = now;
            lastLineDone = done;
        }
    }

    /**
     * The line after an epoch: how long it took and, from the mean of the epochs trained in this process (a resumed
     * run's earlier epochs may have run on another machine or under other load), how long the rest will take.
     *
     * @param epochsDone epochs finished so far
     * @param epochs the epochs the run trains
     * @param epochSeconds how long the last epoch took
     * @param meanEpochSeconds the mean epoch time in this process
     * @return the line
     */
    public static String epochDone(int epochsDone, int epochs, double epochSeconds, double meanEpochSeconds) {
        int left = epochs - epochsDone;
        String text = String.format(Locale.ROOT, "epoch %d/%d done in %s", epochsDone, epochs, clock(epochSeconds));
        return left == 0 ? text : text + String.format(Locale.ROOT, "; %d to go, about %s at this pace",
                left, clock(left * meanEpochSeconds));
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
