package dev.osmosis.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The names of the collectors' series; registration is proven on a server (SessionsIT). */
class CollectorSeriesTest {

  @Test
  void labelNames_whenPropertyNames_thenValidPrometheusLabels() {
    assertEquals(
        List.of("ClientType", "Department", "my_team", "p_1st", "collector_5", "Department_6"),
        CollectorSeries.labelNames(
            List.of("$ClientType", "Department", "my-team", "1st", "collector", "Department")));
  }

  @Test
  void seriesName_whenCollectorNameHasOtherCharacters_thenReplaced() {
    assertEquals(
        "osmosis_session_collector_by_type_sessions",
        CollectorSeries.seriesName("session", "by-type", "sessions"));
    assertEquals(
        "osmosis_topic_collector_prices_updates",
        CollectorSeries.seriesName("topic", "prices", "updates"));
  }
}
