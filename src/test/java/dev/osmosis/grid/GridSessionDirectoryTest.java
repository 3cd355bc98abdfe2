package dev.osmosis.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.osmosis.cluster.SessionSummary;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridSessionDirectoryTest {

  @Test
  void encodeDecode_thenTheSameSummary() {
    SessionSummary summary =
        new SessionSummary(
            "a-b",
            "node-1",
            "client",
            Set.of("CLIENT", "OPERATOR"),
            "CONNECTED_ACTIVE",
            Map.of("$SessionId", "a-b", "Team", "blue \"quoted\" \u00e9"),
            1234L);
    assertEquals(summary, GridSessionDirectory.decode(GridSessionDirectory.encode(summary)));
  }

  @Test
  void encode_whenAnonymous_thenNullPrincipalKept() {
    SessionSummary anonymous =
        new SessionSummary("a-b", "n", null, Set.of(), "CONNECTED_ACTIVE", Map.of(), 0L);
    assertEquals(anonymous, GridSessionDirectory.decode(GridSessionDirectory.encode(anonymous)));
  }

  @Test
  void encode_thenTheNodeIsAQueryableTopLevelField() {
    String json =
        GridSessionDirectory.encode(
                new SessionSummary("a-b", "node-7", "p", Set.of(), "S", Map.of(), 0L))
            .toString();
    assertEquals(true, json.contains("\"node\":\"node-7\""), json);
  }
}
