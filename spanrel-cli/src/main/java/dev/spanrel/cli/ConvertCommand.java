package dev.spanrel.cli;

import picocli.CommandLine.Command;

@Command(name = "convert", description = "Not built yet.")
final class ConvertCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("convert is not built yet");
    }
}
