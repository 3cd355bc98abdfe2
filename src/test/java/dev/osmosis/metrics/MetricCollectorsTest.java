package dev.osmosis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.error.RequestException;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.Handshake;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.session.Transport;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricCollectorsTest {

  final Sessions sessions = TestSessions.sessions();
  final TopicTree topics = new TopicTree();
  final List<CollectorSet> stored = new ArrayList<>();
  final CollectorStorage storage =
      new CollectorStorage() {
        @Override
        public Optional<CollectorSet> load() {
          return stored.isEmpty() ? Optional.empty() : Optional.of(stored.get(stored.size() - 1));
        }

        @Override
        public void replace(CollectorSet collectors) {
          stored.add(collectors);
        }
      };

  MetricCollectors collectors(MetricSettings settings, CollectorStorage storage) {
    return new MetricCollectors(
        sessions.registry(), topics, new SessionFilters(), new TopicSelectors(), settings, storage);
  }

  final MetricCollectors metrics = collectors(MetricSettings.defaults(), storage);

  Session open(String clientType, Map<String, String> properties) {
    return sessions.open(
        new Handshake(clientType, null, null, properties, Transport.WEBSOCKET, "10.0.0.7", -1),
        new TestSessions.RecordingConnection());
  }

  static SessionMetricCollector byTypeAndDepartment(String name, boolean removeEmpty) {
    return new SessionMetricCollector(
        name,
        "$Principal is \"\"",
        List.of("$ClientType", "Department"),
        true,
        Integer.MAX_VALUE,
        removeEmpty);
  }

  @Test
  void sample_whenSessionsByClientTypeAndDepartment_thenOneGroupEach() {
    open("JAVA", Map.of("Department", "Accounts"));
    open("JAVA", Map.of("Department", "Accounts"));
    open("JAVASCRIPT_BROWSER", Map.of("Department", "Accounts"));
    open("JAVA", Map.of());
    metrics.putSessionCollector(byTypeAndDepartment("departments", false));

    assertEquals(
        List.of(
            group("departments", "JAVA", "", 1),
            group("departments", "JAVA", "Accounts", 2),
            group("departments", "JAVASCRIPT_BROWSER", "Accounts", 1)),
        metrics.sample());
  }

  @Test
  void sample_whenAGroupEmpties_thenZeroOrRemovedAsTheFlagSays() {
    Session payroll = open("JAVA", Map.of("Department", "Payroll"));
    open("JAVA", Map.of("Department", "Accounts"));
    metrics.putSessionCollector(byTypeAndDepartment("kept", false));
    metrics.putSessionCollector(byTypeAndDepartment("removed", true));
    assertEquals(4, metrics.sample().size());

    payroll.close(CloseReason.CLOSED_BY_CLIENT, "bye");

    assertEquals(
        List.of(
            group("kept", "JAVA", "Accounts", 1),
            group("kept", "JAVA", "Payroll", 0),
            group("removed", "JAVA", "Accounts", 1)),
        metrics.sample());
  }

  @Test
  void sample_whenMoreGroupsThanMaximum_thenFirstGroupsKeptAndTheRestCounted() {
    for (String d : List.of("d", "c", "b", "a")) {
      open("JAVA", Map.of("Department", d));
    }
    metrics.putSessionCollector(
        new SessionMetricCollector(
            "two", "$ClientType is 'JAVA'", List.of("Department"), false, 2, false));

    CollectorSamples samples = metrics.samples();

    assertEquals(List.of("a", "b"), departments(samples.groups()));
    assertEquals(2, samples.omitted());
    open("JAVA", Map.of("Department", "0"));
    assertEquals(List.of("a", "b"), departments(metrics.sample()), "reported groups keep places");
  }

  @Test
  void sample_whenServerCapReached_thenCapCountsAcrossCollectors() {
    MetricCollectors capped = collectors(new MetricSettings(100, 3), CollectorStorage.NONE);
    for (String d : List.of("a", "b")) {
      open("JAVA", Map.of("Department", d));
    }
    capped.putSessionCollector(
        SessionMetricCollector.of("one", "$ClientType is 'JAVA'", "Department"));
    capped.putSessionCollector(
        SessionMetricCollector.of("two", "$ClientType is 'JAVA'", "Department"));

    CollectorSamples samples = capped.samples();

    assertEquals(3, samples.groups().size());
    assertEquals(1, samples.omitted());
  }

  @Test
  void sample_whenTopicsByTypeAndTwoPathParts_thenCountedPerGroup() {
    topics.add("prices/fx/eurusd", TopicType.DOUBLE);
    topics.add("prices/fx/gbpusd", TopicType.DOUBLE);
    topics.add("prices/stocks/acme", TopicType.JSON);
    topics.add("prices", TopicType.STRING);
    topics.add("news/today", TopicType.STRING);
    topics.set("prices/fx/eurusd", 1.1);
    topics.set("prices/fx/eurusd", 1.2);
    metrics.putTopicCollector(
        new TopicMetricCollector("prices", "?prices//", true, false, 2, true, Integer.MAX_VALUE));

    assertEquals(
        List.of(
            topicGroup("DOUBLE", "prices/fx", 2, 2),
            topicGroup("JSON", "prices/stocks", 1, 0),
            topicGroup("STRING", "prices", 1, 0)),
        metrics.sample());
  }

  @Test
  void put_whenFilterIsBad_thenRefusedWithItsPosition() {
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> metrics.putSessionCollector(SessionMetricCollector.of("bad", "Department is")));

    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().startsWith("sessionFilter: "), e.getMessage());
    assertTrue(e.getMessage().contains(" at 13"), e.getMessage());
    assertEquals(List.of(), metrics.sessionCollectors());
    assertEquals(List.of(), stored, "nothing stored");
  }

  @Test
  void put_whenSelectorIsBad_thenRefusedWithItsPosition() {
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> metrics.putTopicCollector(TopicMetricCollector.of("bad", "?a/[b")));

    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().startsWith("topicSelector: "), e.getMessage());
    assertTrue(e.getMessage().contains("(at 3)"), e.getMessage());
  }

  @Test
  void put_whenFieldsAreBad_thenEachRefusedByName() {
    assertRefused("name: ", SessionMetricCollector.of("", "all"));
    assertRefused(
        "maximumGroups: ", new SessionMetricCollector("m", "all", List.of(), false, 0, false));
    assertRefused("groupByProperties: ", SessionMetricCollector.of("m", "all", "A", "A"));
    assertRefused("sessionFilter: ", SessionMetricCollector.of("m", null));
    RequestException e =
        assertThrows(
            RequestException.class,
            () ->
                metrics.putTopicCollector(
                    new TopicMetricCollector("t", "?a//", false, false, -1, false, 5)));
    assertTrue(e.getMessage().startsWith("groupByPathPrefixParts: "), e.getMessage());
  }

  @Test
  void put_whenSameName_thenReplacedInPlace() {
    metrics.putSessionCollector(SessionMetricCollector.of("a", "all"));
    metrics.putSessionCollector(SessionMetricCollector.of("b", "all"));
    metrics.putSessionCollector(SessionMetricCollector.of("a", "all", "Department"));

    assertEquals(
        List.of(
            SessionMetricCollector.of("a", "all", "Department"),
            SessionMetricCollector.of("b", "all")),
        metrics.sessionCollectors());
    assertEquals(metrics.collectors(), stored.get(stored.size() - 1));
  }

  @Test
  void put_whenTooManyCollectors_thenLimitExceededButReplaceAllowed() {
    MetricCollectors two = collectors(new MetricSettings(2, 10), CollectorStorage.NONE);
    two.putSessionCollector(SessionMetricCollector.of("a", "all"));
    two.putTopicCollector(TopicMetricCollector.of("b", "?x//"));

    RequestException e =
        assertThrows(
            RequestException.class,
            () -> two.putSessionCollector(SessionMetricCollector.of("c", "all")));

    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    two.putSessionCollector(SessionMetricCollector.of("a", "all", "X"));
    assertEquals(2, two.collectors().size());
  }

  @Test
  void remove_whenPresentOrNot_thenTrueOnce() {
    metrics.putTopicCollector(TopicMetricCollector.of("t", "?x//"));

    assertTrue(metrics.removeTopicCollector("t"));
    assertFalse(metrics.removeTopicCollector("t"));
    assertFalse(metrics.removeSessionCollector("t"));
    assertEquals(CollectorSet.EMPTY, stored.get(stored.size() - 1));
  }

  @Test
  void put_whenStorageFails_thenUnavailableAndNothingChanged() {
    MetricCollectors failing =
        collectors(
            MetricSettings.defaults(),
            new CollectorStorage() {
              @Override
              public Optional<CollectorSet> load() {
                return Optional.empty();
              }

              @Override
              public void replace(CollectorSet collectors) {
                throw new IllegalStateException("disk full");
              }
            });

    RequestException e =
        assertThrows(
            RequestException.class,
            () -> failing.putSessionCollector(SessionMetricCollector.of("a", "all")));

    assertEquals(ErrorCode.UNAVAILABLE, e.code());
    assertEquals(CollectorSet.EMPTY, failing.collectors());
  }

  @Test
  void load_whenStored_thenCollectorsBack() {
    metrics.putSessionCollector(SessionMetricCollector.of("a", "all"));
    MetricCollectors restarted = collectors(MetricSettings.defaults(), storage);

    restarted.load();

    assertEquals(metrics.collectors(), restarted.collectors());
  }

  @Test
  void exportedSamples_whenSomeExported_thenOnlyTheirGroups() {
    open("JAVA", Map.of());
    metrics.putSessionCollector(byTypeAndDepartment("exported", false));
    metrics.putSessionCollector(SessionMetricCollector.of("hidden", "all"));

    assertEquals(List.of(group("exported", "JAVA", "", 1)), metrics.exportedSamples().groups());
    assertEquals(3 - 1, metrics.sample().size());
  }

  @Test
  void prefix_whenFewerParts_thenWholePath() {
    assertEquals("a/b", CollectorSampler.prefix("a/b/c", 2));
    assertEquals("a", CollectorSampler.prefix("a", 2));
    assertEquals("a/b", CollectorSampler.prefix("a/b", 2));
  }

  private void assertRefused(String field, SessionMetricCollector c) {
    RequestException e = assertThrows(RequestException.class, () -> metrics.putSessionCollector(c));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().startsWith(field), e.getMessage());
  }

  private static List<String> departments(List<CollectorGroup> groups) {
    return groups.stream().map(g -> g.labels().get("Department")).toList();
  }

  private static CollectorGroup group(String name, String type, String department, long n) {
    return new CollectorGroup(
        "session",
        name,
        Map.of("$ClientType", type, "Department", department),
        Map.of("sessions", n, "queued", 0L));
  }

  private static CollectorGroup topicGroup(String type, String path, long topics, long updates) {
    return new CollectorGroup(
        "topic",
        "prices",
        Map.of("type", type, "path", path),
        Map.of("topics", topics, "subscriptions", 0L, "updates", updates));
  }
}
