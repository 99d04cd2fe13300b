package dev.spanrel.cli;

import picocli.CommandLine.Command;

@Command(name = "eval", description = "Not built yet.")
final class EvalCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("eval is not built yet");
    }
}
