package dev.osmosis.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docs/OPERATIONS.md "Alerts": the example rules are the file docs/operations/osmosis-alerts.yml,
 * and Prometheus's {@code promtool check rules} accepts it (Debian's prometheus package, .ci/run).
 */
class AlertRulesTest {
  static final Path RULES = Path.of("docs/operations/osmosis-alerts.yml");

  @Test
  void operationsDoc_whenRead_thenShowsTheRulesFileAsIs() throws Exception {
    String doc = Files.readString(Path.of("docs/OPERATIONS.md"));
    String rules = Files.readString(RULES);
    assertTrue(
        doc.contains("```yaml\n" + rules + "```"), "OPERATIONS.md shows " + RULES + " as is");
  }

  @Test
  void promtool_whenCheckingTheRules_thenAccepted() throws Exception {
    Process p =
        new ProcessBuilder("promtool", "check", "rules", RULES.toString())
            .redirectErrorStream(true)
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("SUCCESS: 2 rules found"), out);
  }
}
