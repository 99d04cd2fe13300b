package dev.spanrel.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks; one subcommand per part of the system. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure throughput on this machine.",
        subcommands = {BenchEncoderCommand.class, BenchTrainCommand.class, BenchGradientsCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
