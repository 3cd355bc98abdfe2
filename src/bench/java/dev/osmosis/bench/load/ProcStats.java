package dev.osmosis.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A snapshot of a process from /proc: CPU time (utime+stime), RSS, bytes and syscalls written (all
 * threads).
 */
record ProcStats(long cpuMicros, long rssKb, long wchar, long syscw, long wallNanos) {
  /** USER_HZ; 100 on every Linux this runs on (getconf CLK_TCK). */
  static final long TICK_MICROS = 10_000;

  static ProcStats of(long pid) {
    long wall = System.nanoTime();
    if (pid <= 0) {
      return new ProcStats(0, 0, 0, 0, wall);
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after the command: state is f[0] (field 3), utime field 14 -> f[11], stime field 15
      // -> f[12]
      long cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MICROS;
      long rss = 0;
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      long wchar = 0, syscw = 0;
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
          if (line.startsWith("wchar:")) {
            wchar = Long.parseLong(line.substring(6).trim());
          } else if (line.startsWith("syscw:")) {
            syscw = Long.parseLong(line.substring(6).trim());
          }
        }
      } catch (IOException e) {
        // not readable: bytes and syscalls not measured
      }
      return new ProcStats(cpu, rss, wchar, syscw, wall);
    } catch (IOException | RuntimeException e) {
      return new ProcStats(0, 0, 0, 0, wall);
    }
  }

  /**
   * CPU time (µs) of a HotSpot process's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre"
   * in /proc/PID/task/&#42;/comm): compilation, not work per delivery; -1 if unreadable.
   */
  static long jitMicros(long pid) {
    if (pid <= 0) {
      return -1;
    }
    long ticks = 0;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String comm = Files.readString(t.resolve("comm"));
          if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
            continue;
          }
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
      return ticks * TICK_MICROS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static long selfPid() {
    return ProcessHandle.current().pid();
  }

  /**
   * Used heap in KB after a full GC of a HotSpot JVM ({@code jcmd GC.run}, then {@code
   * GC.heap_info}); -1 if not.
   */
  static long heapAfterGcKb(long pid) {
    try {
      jcmd(pid, "GC.run");
      jcmd(pid, "GC.run");
      // G1: "garbage-first heap total X, used Y"; Serial/Parallel: one "total X, used Y" line per
      // generation
      long used = 0;
      boolean found = false;
      for (String line : jcmd(pid, "GC.heap_info")) {
        int t = line.indexOf(" total ");
        int i = line.indexOf(", used ");
        if (t > 0 && i > t) {
          used += Long.parseLong(line.substring(i + 7).trim().split("[^0-9]")[0]);
          found = true;
        }
      }
      if (found) {
        return used;
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      System.err.println("jcmd failed: " + e);
    }
    return -1;
  }

  /**
   * A JVM's allocation and collections so far, from one {@code jstat -gc}: bytes allocated = young
   * collections x eden capacity + eden used (exact enough for Serial/Parallel GC with a fixed eden,
   * where a young GC runs when eden is full; objects allocated straight into the old generation are
   * not counted), and the young/full collection counts and their accumulated pause times.
   */
  record Gc(
      double allocatedBytes,
      long youngCount,
      double youngSeconds,
      long fullCount,
      double fullSeconds) {
    long collections() {
      return youngCount + fullCount;
    }

    double pauseSeconds() {
      return youngSeconds + fullSeconds;
    }
  }

  /** {@link Gc} of JVM {@code pid}, or null if jstat fails. */
  static Gc gc(long pid) {
    try {
      Process p =
          new ProcessBuilder("jstat", "-gc", Long.toString(pid)).redirectErrorStream(true).start();
      List<String> lines =
          new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))
              .lines()
              .toList();
      p.waitFor();
      if (lines.size() < 2) {
        return null;
      }
      List<String> names = List.of(lines.get(0).trim().split("\\s+"));
      String[] values = lines.get(1).trim().split("\\s+");
      java.util.function.ToDoubleFunction<String> v =
          n -> Double.parseDouble(values[names.indexOf(n)]);
      double ygc = v.applyAsDouble("YGC");
      return new Gc(
          (ygc * v.applyAsDouble("EC") + v.applyAsDouble("EU")) * 1024,
          (long) ygc,
          v.applyAsDouble("YGCT"),
          (long) v.applyAsDouble("FGC"),
          v.applyAsDouble("FGCT"));
    } catch (IOException | InterruptedException | RuntimeException e) {
      return null;
    }
  }

  /** Writes one {@code jcmd} command's output (its words split on spaces) to {@code file}. */
  static void jcmdTo(long pid, String cmd, java.nio.file.Path file) {
    List<String> args = new java.util.ArrayList<>(List.of("jcmd", Long.toString(pid)));
    args.addAll(List.of(cmd.split(" ")));
    try {
      Process p =
          new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(file.toFile()).start();
      p.waitFor(120, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException | RuntimeException e) {
      System.err.println("jcmd " + cmd + " failed: " + e);
    }
  }

  private static List<String> jcmd(long pid, String cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("jcmd", Long.toString(pid), cmd).redirectErrorStream(true).start();
    List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
    p.waitFor(60, TimeUnit.SECONDS);
    return lines;
  }
}
