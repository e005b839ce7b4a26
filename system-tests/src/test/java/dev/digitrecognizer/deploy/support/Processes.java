package dev.digitrecognizer.deploy.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion, keeping stdout and stderr apart. */
public final class Processes {

    public record Result(int exitCode, String stdout, String stderr) {}

    private Processes() {}

    public static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        // Debian installs nginx in /usr/sbin, which is not on every user's PATH
        return Files.isExecutable(Path.of("/usr/sbin", command));
    }

    public static String resolve(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command).toString();
            }
        }
        Path sbin = Path.of("/usr/sbin", command);
        return Files.isExecutable(sbin) ? sbin.toString() : command;
    }

    public static Result run(List<String> command, Map<String, String> env, String stdin, Duration timeout) {
        try {
            Path out = Files.createTempFile("system-tests-out", ".txt");
            Path err = Files.createTempFile("system-tests-err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(Repo.root().toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                if (stdin != null) {
                    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
