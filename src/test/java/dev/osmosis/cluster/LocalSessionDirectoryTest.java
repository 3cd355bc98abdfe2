package dev.osmosis.cluster;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.filter.SessionFilters;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.wire.CloseReason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalSessionDirectoryTest {
  final Sessions sessions = TestSessions.sessions();
  final LocalSessionDirectory directory = new LocalSessionDirectory(sessions.registry(), "n1");
  final SessionFilters filters = new SessionFilters();

  Session open(Map<String, String> properties) {
    return sessions.open(handshake(null, null, properties), new TestSessions.RecordingConnection());
  }

  @Test
  void sessions_whenFiltered_thenTheOpenMatchingOnesWithThisNode() {
    Session blue = open(Map.of("Team", "blue"));
    Session red = open(Map.of("Team", "red"));
    List<SessionSummary> all = directory.sessions(null);
    assertEquals(2, all.size());
    assertTrue(all.stream().allMatch(s -> s.node().equals("n1")));
    List<SessionSummary> matching = directory.sessions(filters.compile("Team is 'blue'"));
    assertEquals(List.of(blue.id().toString()), matching.stream().map(SessionSummary::id).toList());
    assertEquals("blue", matching.get(0).property("Team"));
    assertEquals(blue.id().toString(), matching.get(0).property("$SessionId"));
    red.close(CloseReason.CLOSED_BY_CLIENT, "bye");
    assertEquals(1, directory.sessions(null).size());
  }

  @Test
  void session_whenUnknownOrNotAnId_thenEmpty() {
    Session s = open(Map.of());
    assertEquals("n1", directory.session(s.id().toString()).orElseThrow().node());
    assertEquals(Optional.empty(), directory.session("0000000000000000-0000000000000000"));
    assertEquals(Optional.empty(), directory.session("junk"));
  }
}
