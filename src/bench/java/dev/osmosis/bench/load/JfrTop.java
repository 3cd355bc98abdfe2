package dev.osmosis.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Summarizes {@code jfr print --stack-depth 64 --events jdk.ExecutionSample rec.jfr}: the top
 * frames by self samples (the frame on top of the stack) and by total samples (anywhere in the
 * stack, counted once per sample).
 *
 * <pre>java -cp target/benchmarks.jar dev.osmosis.bench.load.JfrTop samples.txt [top]</pre>
 */
public final class JfrTop {
  public static void main(String[] args) throws IOException {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    int samples = 0;
    List<String> stack = null;
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      String t = line.trim();
      if (t.startsWith("stackTrace = [")) {
        stack = new ArrayList<>();
      } else if (stack != null && t.equals("]")) {
        if (!stack.isEmpty()) {
          samples++;
          self.merge(stack.get(0), 1, Integer::sum);
          Set<String> seen = new HashSet<>(stack);
          for (String f : seen) {
            total.merge(f, 1, Integer::sum);
          }
        }
        stack = null;
      } else if (stack != null && !t.isEmpty() && !t.equals("...")) {
        int i = t.indexOf("  line:");
        stack.add(i > 0 ? t.substring(0, i) : t);
      }
    }
    System.out.println("execution samples: " + samples);
    print("top frames by self samples", self, samples, top);
    print("top frames by total samples (inclusive)", total, samples, top);
  }

  private static void print(String title, Map<String, Integer> m, int samples, int top) {
    System.out.println();
    System.out.println(title);
    m.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(top)
        .forEach(
            e ->
                System.out.printf(
                    "%6.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
  }
}
