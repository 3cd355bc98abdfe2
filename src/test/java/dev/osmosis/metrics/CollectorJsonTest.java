package dev.osmosis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.error.RequestException;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.Json;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorJsonTest {

  @Test
  void collectorSet_whenWrittenAndRead_thenEqual() {
    CollectorSet set =
        new CollectorSet(
            List.of(
                new SessionMetricCollector(
                    "s", "$ClientType is 'JAVA'", List.of("$ClientType", "Dept"), true, 7, true)),
            List.of(new TopicMetricCollector("t", "?a//", true, false, 2, false, 9)));

    assertEquals(set, CollectorJson.collectorSet(CollectorJson.json(set).toString()));
  }

  @Test
  void sessionCollector_whenFieldsAbsent_thenDiffusionDefaultsAndPathNameWins() {
    assertEquals(
        SessionMetricCollector.of("path", "all"),
        CollectorJson.sessionCollector(
            "path", object("{\"name\":\"body\",\"sessionFilter\":\"all\"}")));
    assertEquals(
        TopicMetricCollector.of("t", "?x//"),
        CollectorJson.topicCollector("t", object("{\"topicSelector\":\"?x//\"}")));
  }

  @Test
  void sessionCollector_whenFieldHasWrongType_thenRefusedNamingIt() {
    RequestException e =
        assertThrows(
            RequestException.class,
            () ->
                CollectorJson.sessionCollector(
                    "s", object("{\"sessionFilter\":\"all\",\"maximumGroups\":\"ten\"}")));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertEquals("maximumGroups: must be an integer", e.getMessage());
  }

  private static jakarta.json.JsonObject object(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
