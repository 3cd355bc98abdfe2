package dev.osmosis.it;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One scrape of {@code /metrics} (Prometheus text format, docs/OPERATIONS.md "Metrics"): every
 * sample by its series key, the name and its labels without {@code mp_scope}, sorted (e.g. {@code
 * osmosis_sessions_closed_total{reason="lost_messages"}}); the {@code # TYPE} and {@code # HELP}
 * lines by name.
 */
final class Metrics {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final String text;
  final Map<String, Double> samples = new TreeMap<>();
  final Map<String, String> types = new TreeMap<>();
  final Map<String, String> help = new TreeMap<>();

  private Metrics(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] p = line.split(" ");
        types.put(p[2], p[3]);
      } else if (line.startsWith("# HELP ")) {
        String rest = line.substring(7);
        int space = rest.indexOf(' ');
        help.put(rest.substring(0, space), rest.substring(space + 1));
      } else if (!line.isBlank() && !line.startsWith("#")) {
        int end = line.lastIndexOf(' ');
        samples.put(key(line.substring(0, end)), Double.parseDouble(line.substring(end + 1)));
      }
    }
  }

  static Metrics scrape(URL base) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + r.statusCode() + ": " + r.body());
    }
    return new Metrics(r.body());
  }

  /** {@code name{a="1",mp_scope="application",b="2"}} to {@code name{a="1",b="2"}}. */
  static String key(String series) {
    int brace = series.indexOf('{');
    if (brace < 0) {
      return series;
    }
    TreeSet<String> labels = new TreeSet<>();
    for (String label : series.substring(brace + 1, series.length() - 1).split(",(?=\\w+=\")")) {
      if (!label.startsWith("mp_scope=")) {
        labels.add(label);
      }
    }
    return series.substring(0, brace)
        + (labels.isEmpty() ? "" : "{" + String.join(",", labels) + "}");
  }

  /** The sample of {@code series}, 0 when absent. */
  double get(String series) {
    return samples.getOrDefault(series, 0.0);
  }

  /** The sum of every series of {@code name} (any labels). */
  double sum(String name) {
    double sum = 0;
    for (Map.Entry<String, Double> e : samples.entrySet()) {
      if (e.getKey().equals(name) || e.getKey().startsWith(name + "{")) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  /** How much {@code series} moved since {@code before}. */
  long delta(Metrics before, String series) {
    return Math.round(get(series) - before.get(series));
  }
}
