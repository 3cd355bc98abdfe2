package dev.osmosis.bench.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * Turns target/bench/*.csv into markdown tables of medians and ratios (report.md) and PNG charts,
 * drawn with java.awt headless (no dependency).
 *
 * <pre>
 * java -Djava.awt.headless=true -cp target/benchmarks.jar dev.osmosis.bench.load.Report target/bench
 * </pre>
 */
public final class Report {
  private static final List<String> ORDER =
      List.of("null", "osmosis", "osmosis-tree", "chat", "nats", "mosquitto", "socketio");
  private static final Color[] COLORS = {
    new Color(0x555555),
    new Color(0xD62728),
    new Color(0x8C564B),
    new Color(0xFF7F0E),
    new Color(0x2CA02C),
    new Color(0x1F77B4),
    new Color(0x9467BD)
  };

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
    StringBuilder md = new StringBuilder();
    List<Map<String, String>> res = read(dir.resolve("results.csv"));
    List<Map<String, String>> steps = read(dir.resolve("steps.csv"));
    sustainableFromSteps(res, steps);
    fanout(
        md,
        res.stream().filter(r -> r.get("workload").equals("fanout")).collect(Collectors.toList()),
        dir,
        "(a) Broadcast fan-out",
        "fanout");
    fanout(
        md,
        res.stream().filter(r -> r.get("workload").equals("tree")).collect(Collectors.toList()),
        dir,
        "(b) Topic tree: 10,000 topics, each subscriber selects 100 of them (split-path selector); null = one-topic limit",
        "tree");
    sameRate(md, steps, res);
    slow(
        md,
        res.stream()
            .filter(r -> r.get("workload").startsWith("slow"))
            .collect(Collectors.toList()));
    idle(md, read(dir.resolve("idle.csv")));
    churn(md, read(dir.resolve("churn.csv")));
    Files.writeString(dir.resolve("report.md"), md);
    System.out.print(md);
  }

  /**
   * The sustainable rate of a run is its highest step that passed (p99 under the bound, nothing
   * lost), wherever it lies in the sweep: on a shared machine a neighbour's burst can fail one
   * lower step. A run's steps are those of the same server and N written before its result row and
   * after the previous result row of that server. The step's columns replace the run's
   * "sustainable" columns; capacity is the highest step with nothing lost.
   */
  static void sustainableFromSteps(
      List<Map<String, String>> results, List<Map<String, String>> steps) {
    String[] cols = {
      "target_per_s",
      "updates_per_s",
      "deliveries_per_s",
      "expected",
      "lost",
      "p50_us",
      "p99_us",
      "p999_us",
      "max_us",
      "spread_p50_us",
      "spread_max_us",
      "cpu_us_per_delivery",
      "server_cpu_util",
      "bytes_per_delivery",
      "writes_per_delivery",
      "gen_cpu_util",
      "gen_bound",
      "pass"
    };
    for (Map<String, String> r : results) {
      if (!r.get("workload").equals("fanout") && !r.get("workload").equals("tree")) {
        continue;
      }
      String prev =
          results.stream()
              .filter(o -> o.get("server").equals(r.get("server")))
              .map(o -> o.get("time"))
              .filter(t -> t.compareTo(r.get("time")) < 0)
              .max(String::compareTo)
              .orElse("");
      Map<String, String> best = null;
      Map<String, String> cap = null;
      for (Map<String, String> st : steps) {
        if (st.get("server").equals(r.get("server"))
            && st.get("n").equals(r.get("n"))
            && st.get("time").compareTo(r.get("time")) <= 0
            && st.get("time").compareTo(prev) > 0
            && "0".equals(st.get("lost"))
            && (cap == null || d(st.get("deliveries_per_s")) > d(cap.get("deliveries_per_s")))) {
          cap = st;
        }
        if (st.get("server").equals(r.get("server"))
            && st.get("n").equals(r.get("n"))
            && st.get("time").compareTo(r.get("time")) <= 0
            && st.get("time").compareTo(prev) > 0
            && "true".equals(st.get("pass"))
            && (best == null || d(st.get("deliveries_per_s")) > d(best.get("deliveries_per_s")))) {
          best = st;
        }
      }
      if (cap != null) {
        r.put("capacity_per_s", cap.get("deliveries_per_s"));
        r.put("capacity_cpu_us_per_delivery", cap.get("cpu_us_per_delivery"));
        r.put("capacity_p99_us", cap.get("p99_us"));
        r.put("capacity_writes_per_delivery", cap.get("writes_per_delivery"));
        r.put("capacity_gen_util", cap.get("gen_cpu_util"));
      }
      if (best != null) {
        for (String c : cols) {
          r.put(c, best.get(c));
        }
      }
    }
  }

  static List<Map<String, String>> read(Path p) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    if (!Files.exists(p)) {
      return rows;
    }
    List<String> lines = Files.readAllLines(p);
    String[] h = lines.get(0).split(",");
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < h.length && i < f.length; i++) {
        m.put(h[i], f[i]);
      }
      rows.add(m);
    }
    return rows;
  }

  static double median(List<Map<String, String>> rows, String col) {
    double[] v =
        rows.stream()
            .mapToDouble(r -> d(r.get(col)))
            .filter(x -> !Double.isNaN(x))
            .sorted()
            .toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double d(String s) {
    try {
      return s == null || s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  static List<String> servers(List<Map<String, String>> rows) {
    List<String> s =
        new ArrayList<>(
            new TreeSet<>(rows.stream().map(r -> r.get("server")).collect(Collectors.toSet())));
    s.sort((a, b) -> Integer.compare(rank(a), rank(b)));
    return s;
  }

  static int rank(String s) {
    int i = ORDER.indexOf(s);
    return i < 0 ? 99 : i;
  }

  static String f(double v, int digits) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,." + digits + "f", v);
  }

  static String load(List<Map<String, String>> rows) {
    double lo = rows.stream().mapToDouble(r -> d(r.get("load1"))).min().orElse(Double.NaN);
    double hi = rows.stream().mapToDouble(r -> d(r.get("load1"))).max().orElse(Double.NaN);
    return f(lo, 1) + "–" + f(hi, 1);
  }

  static void fanout(
      StringBuilder md, List<Map<String, String>> rows, Path dir, String title, String chart)
      throws IOException {
    if (rows.isEmpty()) {
      return;
    }
    md.append("### ")
        .append(title)
        .append(": highest sustainable rate (p99 < 50 ms, nothing lost); medians of runs\n\n");
    md.append(
        "| N | server | runs | sustainable deliveries/s | × null | capacity deliveries/s (none lost, any p99) | × null "
            + "| CPU µs/delivery at capacity | p99 ms at capacity | writes/delivery at capacity | generator busy at capacity | one-core projection (10⁶ ÷ CPU µs at capacity) | × null projection | server CPU µs/delivery (sustainable) | Osmosis CPU ÷ this | p50 ms | p99 ms "
            + "| p99.9 ms | max ms | spread of one update p50 / max ms (low rate) | bytes/delivery | writes/delivery "
            + "| generator busy | load1 |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    TreeSet<Integer> ns =
        rows.stream()
            .map(r -> Integer.parseInt(r.get("n")))
            .collect(Collectors.toCollection(TreeSet::new));
    Map<String, double[]> throughput = new LinkedHashMap<>();
    List<String> all = servers(rows);
    for (String s : all) {
      throughput.put(s, new double[ns.size()]);
    }
    int ni = 0;
    for (int n : ns) {
      List<Map<String, String>> atN =
          rows.stream().filter(r -> Integer.parseInt(r.get("n")) == n).collect(Collectors.toList());
      double nullRate = median(by(atN, "null"), "deliveries_per_s");
      double nullCap = median(by(atN, "null"), "capacity_per_s");
      double osmCpu = median(by(atN, "osmosis"), "cpu_us_per_delivery");
      for (String s : servers(atN)) {
        List<Map<String, String>> g = by(atN, s);
        double rate = median(g, "deliveries_per_s");
        double cap = median(g, "capacity_per_s");
        double cpu = median(g, "cpu_us_per_delivery");
        double bytes = median(g, "bytes_per_delivery");
        double writes = median(g, "writes_per_delivery");
        boolean genBound = g.stream().anyMatch(r -> "true".equals(r.get("gen_bound")));
        throughput.get(s)[ni] = Double.isNaN(cap) ? rate : cap;
        md.append("| ")
            .append(n)
            .append(" | ")
            .append(s)
            .append(" | ")
            .append(g.size())
            .append(" | ")
            .append(f(rate, 0))
            .append(g.stream().anyMatch(r -> "false".equals(r.get("pass"))) ? " †" : "")
            .append(" | ")
            .append(f(rate / nullRate, 2))
            .append(" | ")
            .append(f(cap, 0))
            .append(" | ")
            .append(f(cap / nullCap, 2))
            .append(" | ")
            .append(f(median(g, "capacity_cpu_us_per_delivery"), 2))
            .append(" | ")
            .append(f(median(g, "capacity_p99_us") / 1e3, 1))
            .append(" | ")
            .append(bytes > 0 ? f(median(g, "capacity_writes_per_delivery"), 3) : "n/m")
            .append(" | ")
            .append(f(median(g, "capacity_gen_util") * 100, 0))
            .append(" % | ")
            .append(f(1e6 / median(g, "capacity_cpu_us_per_delivery"), 0))
            .append(" | ")
            .append(
                f(
                    median(by(atN, "null"), "capacity_cpu_us_per_delivery")
                        / median(g, "capacity_cpu_us_per_delivery"),
                    2))
            .append(" | ")
            .append(f(cpu, 2))
            .append(" | ")
            .append(f(osmCpu / cpu, 2))
            .append(" | ")
            .append(f(median(g, "p50_us") / 1e3, 2))
            .append(" | ")
            .append(f(median(g, "p99_us") / 1e3, 2))
            .append(" | ")
            .append(f(median(g, "p999_us") / 1e3, 2))
            .append(" | ")
            .append(f(median(g, "max_us") / 1e3, 1))
            .append(" | ")
            .append(f(median(g, "low_rate_spread_p50_us") / 1e3, 2))
            .append(" / ")
            .append(f(median(g, "low_rate_spread_max_us") / 1e3, 2))
            .append(" | ")
            .append(bytes > 0 ? f(bytes, 0) : "not measured")
            .append(" | ")
            .append(bytes > 0 ? f(writes, 3) : "not measured")
            .append(" | ")
            .append(f(median(g, "gen_cpu_util") * 100, 0))
            .append(genBound ? " % (bound!)" : " %")
            .append(" | ")
            .append(load(g))
            .append(" |\n");
      }
      ni++;
    }
    md.append(
        "\nEvery run (in the order run):\n\n| N | server | rep | sustainable /s | p99 ms there | capacity /s "
            + "| CPU µs/delivery at capacity | writes/delivery at capacity | load1 |\n|---|---|---|---|---|---|---|---|---|\n");
    for (Map<String, String> r : rows) {
      md.append("| ")
          .append(r.get("n"))
          .append(" | ")
          .append(r.get("server"))
          .append(" | ")
          .append(r.get("rep"))
          .append(" | ")
          .append(f(d(r.get("deliveries_per_s")), 0))
          .append("true".equals(r.get("pass")) ? "" : " †")
          .append(" | ")
          .append(f(d(r.get("p99_us")) / 1e3, 1))
          .append(" | ")
          .append(f(d(r.get("capacity_per_s")), 0))
          .append(" | ")
          .append(f(d(r.get("capacity_cpu_us_per_delivery")), 2))
          .append(" | ")
          .append(
              d(r.get("bytes_per_delivery")) > 0
                  ? f(d(r.get("capacity_writes_per_delivery")), 3)
                  : "n/m")
          .append(" | ")
          .append(r.get("load1"))
          .append(" |\n");
    }
    md.append(
        "\n† at least one run had no passing step (even the lowest rate missed p99 < 50 ms or lost "
            + "messages); its lowest step is counted.\n\n");
    lineChart(
        dir.resolve(chart + "-deliveries.png"),
        "Capacity: highest deliveries/s with none lost, vs N (log scale)",
        ns.stream().map(String::valueOf).collect(Collectors.toList()),
        throughput);
    int n0 = ns.contains(1000) ? 1000 : ns.first();
    List<Map<String, String>> atN0 =
        rows.stream().filter(r -> Integer.parseInt(r.get("n")) == n0).collect(Collectors.toList());
    Map<String, double[]> lat = new LinkedHashMap<>();
    for (String s : servers(atN0)) {
      List<Map<String, String>> g = by(atN0, s);
      lat.put(
          s,
          new double[] {
            median(g, "p50_us") / 1e3,
            median(g, "p99_us") / 1e3,
            median(g, "p999_us") / 1e3,
            median(g, "max_us") / 1e3
          });
    }
    barChart(
        dir.resolve(chart + "-latency.png"),
        "Latency at the highest sustainable rate, N = " + n0 + " (ms, log scale)",
        List.of("p50", "p99", "p99.9", "max"),
        lat);
    md.append("Charts: `" + chart + "-deliveries.png`, `" + chart + "-latency.png`.\n\n");
  }

  static List<Map<String, String>> by(List<Map<String, String>> rows, String server) {
    return rows.stream().filter(r -> r.get("server").equals(server)).collect(Collectors.toList());
  }

  /**
   * The same offered load for every server (the sweep's common steps): CPU and latency side by
   * side.
   */
  static void sameRate(
      StringBuilder md, List<Map<String, String>> steps, List<Map<String, String>> results) {
    // a step belongs to the next result row of its server: keep those whose run was a fan-out of
    // the same N
    List<Map<String, String>> fan =
        steps.stream()
            .filter(
                st ->
                    results.stream()
                        .filter(
                            r ->
                                r.get("server").equals(st.get("server"))
                                    && st.get("time").compareTo(r.get("time")) <= 0)
                        .min((a, b) -> a.get("time").compareTo(b.get("time")))
                        .map(
                            r ->
                                r.get("workload").equals("fanout")
                                    && r.get("n").equals(st.get("n")))
                        .orElse(false))
            .collect(Collectors.toList());
    if (fan.isEmpty()) {
      return;
    }
    md.append(
        "### (a) At the same offered load: medians over every attempt of the step (all repetitions)\n\n"
            + "| N | deliveries/s offered | server | attempts | CPU µs/delivery | Osmosis ÷ this | writes/delivery "
            + "| p50 ms | p99 ms | lost (max) |\n|---|---|---|---|---|---|---|---|---|---|\n");
    TreeSet<Integer> ns =
        fan.stream()
            .map(r -> Integer.parseInt(r.get("n")))
            .collect(Collectors.toCollection(TreeSet::new));
    for (int n : ns) {
      for (double target : new double[] {20_000, 160_000, 320_000}) {
        List<Map<String, String>> at =
            fan.stream()
                .filter(
                    r ->
                        Integer.parseInt(r.get("n")) == n
                            && Math.abs(d(r.get("target_per_s")) - target) < 1)
                .collect(Collectors.toList());
        double osm = median(by(at, "osmosis"), "cpu_us_per_delivery");
        for (String sv : servers(at)) {
          List<Map<String, String>> g = by(at, sv);
          double bytes = median(g, "bytes_per_delivery");
          md.append("| ")
              .append(n)
              .append(" | ")
              .append(f(target, 0))
              .append(" | ")
              .append(sv)
              .append(" | ")
              .append(g.size())
              .append(" | ")
              .append(f(median(g, "cpu_us_per_delivery"), 2))
              .append(" | ")
              .append(f(osm / median(g, "cpu_us_per_delivery"), 2))
              .append(" | ")
              .append(bytes > 0 ? f(median(g, "writes_per_delivery"), 3) : "n/m")
              .append(" | ")
              .append(f(median(g, "p50_us") / 1e3, 2))
              .append(" | ")
              .append(f(median(g, "p99_us") / 1e3, 1))
              .append(" | ")
              .append(g.stream().mapToLong(r -> (long) d(r.get("lost"))).max().orElse(0))
              .append(" |\n");
        }
      }
    }
    md.append("\n");
  }

  static void slow(StringBuilder md, List<Map<String, String>> rows) {
    if (rows.isEmpty()) {
      return;
    }
    md.append(
        "### (e) Slow consumers among fast ones (fixed rate; fast subscribers only)\n\n"
            + "| server | N fast | phase | deliveries/s | lost | p50 ms | p99 ms | p99.9 ms | max ms | load1 |\n"
            + "|---|---|---|---|---|---|---|---|---|---|\n");
    for (Map<String, String> r : rows) {
      md.append("| ")
          .append(r.get("server"))
          .append(" | ")
          .append(r.get("n"))
          .append(" | ")
          .append(r.get("note"))
          .append(" | ")
          .append(f(d(r.get("deliveries_per_s")), 0))
          .append(" | ")
          .append(r.get("lost"))
          .append(" | ")
          .append(f(d(r.get("p50_us")) / 1e3, 2))
          .append(" | ")
          .append(f(d(r.get("p99_us")) / 1e3, 2))
          .append(" | ")
          .append(f(d(r.get("p999_us")) / 1e3, 2))
          .append(" | ")
          .append(f(d(r.get("max_us")) / 1e3, 1))
          .append(" | ")
          .append(r.get("load1"))
          .append(" |\n");
    }
    md.append("\n");
  }

  static void idle(StringBuilder md, List<Map<String, String>> rows) {
    if (rows.isEmpty()) {
      return;
    }
    md.append(
        "### (d) Idle memory per session (connected and subscribed; medians)\n\n"
            + "| server | sessions | runs | heap after full GC, bytes/session | RSS bytes/session | load1 |\n|---|---|---|---|---|---|\n");
    for (String s : servers(rows)) {
      for (int n :
          by(rows, s).stream()
              .map(r -> Integer.parseInt(r.get("n")))
              .collect(Collectors.toCollection(TreeSet::new))) {
        List<Map<String, String>> g =
            by(rows, s).stream()
                .filter(r -> Integer.parseInt(r.get("n")) == n)
                .collect(Collectors.toList());
        double heap = median(g, "heap_b_per_session");
        md.append("| ")
            .append(s)
            .append(" | ")
            .append(n)
            .append(" | ")
            .append(g.size())
            .append(" | ")
            .append(heap > 0 ? f(heap, 0) : "n/a (not a JVM)")
            .append(" | ")
            .append(f(median(g, "rss_b_per_session"), 0))
            .append(" | ")
            .append(load(g))
            .append(" |\n");
      }
    }
    md.append("\n");
  }

  static void churn(StringBuilder md, List<Map<String, String>> rows) {
    if (rows.isEmpty()) {
      return;
    }
    md.append(
        "### (f) Connect churn (50 handshakes in flight; each session closed once subscribed; medians)\n\n"
            + "| server | runs | sessions/s | handshake p50 ms | p99 ms | server CPU µs/session | load1 |\n|---|---|---|---|---|---|---|\n");
    for (String s : servers(rows)) {
      List<Map<String, String>> g = by(rows, s);
      md.append("| ")
          .append(s)
          .append(" | ")
          .append(g.size())
          .append(" | ")
          .append(f(median(g, "sessions_per_s"), 0))
          .append(" | ")
          .append(f(median(g, "handshake_p50_ms"), 2))
          .append(" | ")
          .append(f(median(g, "handshake_p99_ms"), 2))
          .append(" | ")
          .append(f(median(g, "server_cpu_us_per_session"), 0))
          .append(" | ")
          .append(load(g))
          .append(" |\n");
    }
    md.append("\n");
  }

  // ---------------------------------------------------------------- charts

  private static final int W = 900, H = 520, L = 90, R = 170, T = 50, B = 60;

  static Graphics2D canvas(BufferedImage img, String title) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, L, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawLine(L, H - B, W - R, H - B);
    g.drawLine(L, T, L, H - B);
    return g;
  }

  /** Log-scale y axis from lo to hi (decades), gridlines and labels. */
  static double[] logAxis(Graphics2D g, double min, double max) {
    double lo = Math.pow(10, Math.floor(Math.log10(Math.max(1e-3, min))));
    double hi = Math.pow(10, Math.ceil(Math.log10(Math.max(max, lo * 10))));
    for (double v = lo; v <= hi * 1.0001; v *= 10) {
      int y = y(v, lo, hi);
      g.setColor(new Color(0xDDDDDD));
      g.drawLine(L, y, W - R, y);
      g.setColor(Color.BLACK);
      g.drawString(label(v), 10, y + 4);
    }
    return new double[] {lo, hi};
  }

  static int y(double v, double lo, double hi) {
    double f = (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
    return (int) Math.round(H - B - f * (H - B - T));
  }

  static String label(double v) {
    if (v >= 1e6) {
      return f(v / 1e6, v >= 1e7 ? 0 : 1) + "M";
    }
    if (v >= 1e3) {
      return f(v / 1e3, 0) + "k";
    }
    return v >= 1 ? f(v, 0) : String.valueOf(v);
  }

  static void legend(Graphics2D g, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      g.setColor(COLORS[Math.min(rank(names.get(i)), COLORS.length - 1)]);
      g.fillRect(W - R + 20, T + 10 + i * 22, 14, 14);
      g.setColor(Color.BLACK);
      g.drawString(names.get(i), W - R + 40, T + 22 + i * 22);
    }
  }

  static void lineChart(Path file, String title, List<String> xs, Map<String, double[]> series)
      throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img, title);
    double max = series.values().stream().flatMapToDouble(Arrays::stream).max().orElse(1);
    double min =
        series.values().stream().flatMapToDouble(Arrays::stream).filter(v -> v > 0).min().orElse(1);
    double[] ax = logAxis(g, min, max);
    int step = (W - R - L) / Math.max(1, xs.size());
    for (int i = 0; i < xs.size(); i++) {
      g.drawString("N = " + xs.get(i), L + step / 2 + i * step - 25, H - B + 20);
    }
    g.drawString("subscribers", (W - R) / 2, H - 15);
    g.setStroke(new BasicStroke(2.5f));
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      g.setColor(COLORS[Math.min(rank(e.getKey()), COLORS.length - 1)]);
      int px = -1, py = -1;
      for (int i = 0; i < xs.size(); i++) {
        double v = e.getValue()[i];
        if (v <= 0) {
          px = -1;
          continue;
        }
        int x = L + step / 2 + i * step, yy = y(v, ax[0], ax[1]);
        g.fillOval(x - 4, yy - 4, 8, 8);
        if (px >= 0) {
          g.drawLine(px, py, x, yy);
        }
        px = x;
        py = yy;
      }
    }
    legend(g, new ArrayList<>(series.keySet()));
    ImageIO.write(img, "png", file.toFile());
  }

  static void barChart(Path file, String title, List<String> groups, Map<String, double[]> series)
      throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img, title);
    ToDoubleFunction<double[]> mx =
        a -> Arrays.stream(a).filter(v -> !Double.isNaN(v)).max().orElse(1);
    double max = series.values().stream().mapToDouble(mx).max().orElse(1);
    double min =
        series.values().stream()
            .flatMapToDouble(Arrays::stream)
            .filter(v -> v > 0)
            .min()
            .orElse(0.1);
    double[] ax = logAxis(g, min, max);
    int gw = (W - R - L) / groups.size();
    int bw = Math.max(6, (gw - 20) / Math.max(1, series.size()));
    for (int i = 0; i < groups.size(); i++) {
      g.setColor(Color.BLACK);
      g.drawString(groups.get(i), L + i * gw + gw / 2 - 12, H - B + 20);
      int k = 0;
      for (Map.Entry<String, double[]> e : series.entrySet()) {
        double v = e.getValue()[i];
        if (!Double.isNaN(v) && v > 0) {
          int x = L + i * gw + 10 + k * bw, yy = y(v, ax[0], ax[1]);
          g.setColor(COLORS[Math.min(rank(e.getKey()), COLORS.length - 1)]);
          g.fillRect(x, yy, bw - 2, H - B - yy);
        }
        k++;
      }
    }
    legend(g, new ArrayList<>(series.keySet()));
    ImageIO.write(img, "png", file.toFile());
  }
}
