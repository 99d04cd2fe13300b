package dev.spanrel.train;

import java.nio.file.Path;

/** Another process that holds a run directory's lock until its standard input closes (or it is killed). */
public final class RunLockHolder {
    private RunLockHolder() {}

    public static void main(String[] args) throws Exception {
        try (RunLock lock = RunLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Holds the lock while the test keeps the pipe open.
            }
        }
    }
}
