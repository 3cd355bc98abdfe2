package dev.osmosis.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.spi.exception.RetryableHazelcastException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.session.TestSessions;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.subscribe.ValueLimits;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.wire.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * docs/CLUSTER.md "When the grid cannot answer": what Hazelcast throws to a request's thread while
 * a member is frozen, leaving or migrating reaches the client as 5003 UNAVAILABLE (a
 * RequestException from the grid boundary), not as an unexpected exception (5000). One real member
 * whose maps throw on demand ({@link FailingGrid}), and one that is terminated.
 */
class GridUnavailableTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));
  static final String CLUSTER = "osmosis-unavailable-" + UUID.randomUUID();

  static HazelcastInstance member;
  static FailingGrid grid;
  static Subscriptions subscriptions;
  static GridTopics replication;
  static TopicControl topics;

  @BeforeAll
  static void member() {
    member = Hazelcast.newHazelcastInstance(EmbeddedGrid.config(CLUSTER, 6081));
    grid = new FailingGrid(member);
    subscriptions = TestSessions.subscriptions();
    replication = new GridTopics(grid.instance(), subscriptions, Duration.ofSeconds(10));
    replication.start();
    topics =
        new TopicControl(subscriptions, TestSessions::store, ValueLimits.defaults(), replication);
  }

  @AfterEach
  void heal() {
    grid.failWith(null);
  }

  @AfterAll
  static void shutdown() {
    replication.close();
    member.getLifecycleService().terminate();
  }

  /** What a frozen, leaving or migrating member makes a synchronous map call throw. */
  static List<RuntimeException> unanswered() {
    return List.of(
        new OperationTimeoutException("no response for 120000 ms"),
        new TargetNotMemberException("not a member: [127.0.0.1]:5702"),
        new HazelcastException(new MemberLeftException("member left")),
        new RetryableHazelcastException("partition migrating"),
        new HazelcastInstanceNotActiveException());
  }

  static void assertUnavailable(Executable call) {
    RequestException e = assertThrows(RequestException.class, call);
    assertEquals(ErrorCode.UNAVAILABLE, e.code());
    assertEquals(GridUnavailable.MESSAGE, e.getMessage());
  }

  @Test
  void anUpdate_whenTheGridDoesNotAnswer_thenUnavailable_andTheNextOneGoesThrough() {
    topics.addAndSet(ADMIN, "unavailable/n", TopicSpecification.of(TopicType.INT64), 0L);
    long value = 0;
    for (RuntimeException e : unanswered()) {
      grid.failWith(e);
      long v = ++value;
      assertUnavailable(() -> topics.set(ADMIN, "unavailable/n", TopicType.INT64, v));
      grid.failWith(null);
      topics.set(ADMIN, "unavailable/n", TopicType.INT64, v);
      assertEquals(TopicValue.int64(v), subscriptions.tree().get("unavailable/n").value());
    }
  }

  @Test
  void anAddOrRemoval_whenTheGridDoesNotAnswer_thenUnavailable() {
    grid.failWith(new OperationTimeoutException("no response"));
    assertUnavailable(
        () -> topics.add(ADMIN, "unavailable/added", TopicSpecification.of(TopicType.STRING)));
    grid.failWith(null);
    topics.add(ADMIN, "unavailable/added", TopicSpecification.of(TopicType.STRING));
    grid.failWith(new TargetNotMemberException("not a member"));
    assertUnavailable(() -> topics.remove(ADMIN, "unavailable/added"));
    grid.failWith(null);
    assertEquals(1, topics.remove(ADMIN, "unavailable/added"));
  }

  @Test
  void aSerializationFailure_isOurs_andStaysWhatItIs() {
    topics.addAndSet(ADMIN, "unavailable/s", TopicSpecification.of(TopicType.INT64), 0L);
    HazelcastSerializationException bug = new HazelcastSerializationException("ours");
    grid.failWith(bug);
    RuntimeException thrown =
        assertThrows(
            RuntimeException.class, () -> topics.set(ADMIN, "unavailable/s", TopicType.INT64, 1L));
    assertSame(bug, thrown);
    assertFalse(GridUnavailable.isUnavailable(bug));
  }

  @Test
  void aQueryOfTheSessionDirectory_whenTheGridDoesNotAnswer_thenUnavailable() {
    GridSessionDirectory directory =
        new GridSessionDirectory(
            new GridCluster(grid.instance()), TestSessions.sessions().registry());
    grid.failWith(new OperationTimeoutException("no response"));
    assertUnavailable(() -> directory.sessions(null));
    assertUnavailable(() -> directory.session("a-b"));
    grid.failWith(null);
    assertEquals(Optional.empty(), directory.session("a-b"));
  }

  @Test
  void anUpdate_onAMemberThatWasTerminated_thenUnavailable() {
    HazelcastInstance gone =
        Hazelcast.newHazelcastInstance(EmbeddedGrid.config(CLUSTER + "-gone", 6121));
    Subscriptions own = TestSessions.subscriptions();
    GridTopics goneTopics = new GridTopics(gone, own, Duration.ofSeconds(10));
    goneTopics.start();
    TopicControl control =
        new TopicControl(own, TestSessions::store, ValueLimits.defaults(), goneTopics);
    control.addAndSet(ADMIN, "unavailable/gone", TopicSpecification.of(TopicType.INT64), 0L);
    gone.getLifecycleService().terminate();

    assertUnavailable(() -> control.set(ADMIN, "unavailable/gone", TopicType.INT64, 1L));
  }
}
