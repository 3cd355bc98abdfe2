package dev.osmosis.bench.message;

import dev.osmosis.client.Osmosis;
import dev.osmosis.client.Registration;
import dev.osmosis.client.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue 5's messaging target: 1,000 request/response round trips per second on one session with p99
 * under 5 ms on loopback. Open loop: requests leave on a fixed schedule whatever the answers do,
 * and latency is measured from the scheduled send time, so a stall is counted rather than hidden. A
 * {@code control} session registers a handler on {@code bench/echo}; another {@code control}
 * session sends STRING requests to the path.
 *
 * <p>Run against a server (e.g. {@code mvn package payara-micro:start}): {@code java -cp
 * target/benchmarks.jar dev.osmosis.bench.message.RequestResponseBench ws://localhost:8080 1000 10}
 */
public final class RequestResponseBench {
  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "ws://localhost:8080";
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    try (Session handler = Osmosis.sessions().principal("control").password("password").open(url);
        Session sender = Osmosis.sessions().principal("control").password("password").open(url)) {
      Registration registration =
          handler
              .messages()
              .addRequestHandler(
                  "bench/echo",
                  String.class,
                  String.class,
                  (request, context, responder) -> responder.respond(request))
              .get(10, TimeUnit.SECONDS);
      run(sender, rate, 2, "warm-up");
      run(sender, rate, seconds, "measured");
      registration.close().get(10, TimeUnit.SECONDS);
    }
  }

  private static void run(Session sender, int rate, int seconds, String label) throws Exception {
    int total = rate * seconds;
    long interval = 1_000_000_000L / rate;
    long[] latencies = new long[total];
    List<CompletableFuture<String>> pending = new ArrayList<>(total);
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      while (System.nanoTime() < due) {
        LockSupport.parkNanos(Math.max(1, due - System.nanoTime() - 20_000));
      }
      int n = i;
      pending.add(
          sender
              .messages()
              .sendRequest("bench/echo", "r" + i, String.class, String.class)
              .whenComplete(
                  (r, e) -> latencies[n] = e == null ? System.nanoTime() - due : Long.MAX_VALUE));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    long elapsed = System.nanoTime() - start;
    long failed = Arrays.stream(latencies).filter(l -> l == Long.MAX_VALUE).count();
    Arrays.sort(latencies);
    System.out.printf(
        "%s: %,d requests at %,d/s in %.1f s (%.0f/s achieved), %d failed; latency ms p50 %.2f p99 %.2f "
            + "p99.9 %.2f max %.2f%n",
        label,
        total,
        rate,
        elapsed / 1e9,
        total / (elapsed / 1e9),
        failed,
        ms(latencies, 0.50),
        ms(latencies, 0.99),
        ms(latencies, 0.999),
        latencies[total - 1 - (int) failed] / 1e6);
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
  }
}
