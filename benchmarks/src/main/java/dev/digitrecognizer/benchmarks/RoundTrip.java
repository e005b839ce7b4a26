package dev.digitrecognizer.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What one loopback round trip between two processes costs on this machine: a byte sent over TCP
 * to a child JVM that echoes it, timed until it comes back. It is the least a hop from one service
 * to another adds, before either does any work: the kernel's loopback and waking the other
 * process's thread, on another core if the scheduler put it there. ratios.sh runs it each round.
 * Prints one line, {@code ROUNDTRIP p50_us=.. p90_us=.. p99_us=..}.
 */
public final class RoundTrip {
    private static final int WARMUP = 20_000;
    private static final int RUNS = 20_000;

    private RoundTrip() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 1 && args[0].equals("echo")) {
            echo();
            return;
        }
        Process child = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        RoundTrip.class.getName(),
                        "echo")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            int port = Integer.parseInt(
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine());
            long[] nanos = new long[RUNS];
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                for (int i = 0; i < WARMUP + RUNS; i++) {
                    long start = System.nanoTime();
                    out.write(1);
                    if (in.read() < 0) {
                        throw new IOException("the echo process closed the connection");
                    }
                    if (i >= WARMUP) {
                        nanos[i - WARMUP] = System.nanoTime() - start;
                    }
                }
            }
            Arrays.sort(nanos);
            System.out.printf(
                    "ROUNDTRIP p50_us=%.1f p90_us=%.1f p99_us=%.1f%n",
                    nanos[RUNS / 2] / 1e3, nanos[RUNS * 9 / 10] / 1e3, nanos[RUNS * 99 / 100] / 1e3);
        } finally {
            child.destroy();
            child.waitFor();
        }
    }

    private static void echo() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println(server.getLocalPort());
            System.out.flush();
            try (Socket socket = server.accept()) {
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                for (int b = in.read(); b >= 0; b = in.read()) {
                    out.write(b);
                }
            }
        }
    }
}
