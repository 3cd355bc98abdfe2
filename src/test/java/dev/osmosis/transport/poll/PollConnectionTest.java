package dev.osmosis.transport.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.connection.ClientConnection;
import dev.osmosis.session.SessionState;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.session.Transport;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.wire.CloseReason;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A polling connection carrying the real protocol state machine, on a synchronous executor: what
 * the client reads on its polls, how the outbox's frames map to poll answers, and every way such a
 * connection ends.
 */
class PollConnectionTest {
  static final long HOLD = 25_000;
  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
  final PollConnections polls = new PollConnections(HOLD, 10_000, 2);

  PollConnection open(String address) {
    PollConnection c =
        polls.open(
            address,
            cid ->
                new PollConnection(
                    cid,
                    address,
                    HOLD,
                    0,
                    Runnable::run,
                    100,
                    Long.MAX_VALUE,
                    65_536,
                    polls::remove));
    c.bind(
        new ClientConnection(
                sessions,
                TestSessions.control(sessions),
                subscriptions,
                topics,
                c,
                Transport.HTTP_LONG_POLL,
                TestSessions.CLOCK)
            .reconnectable(Runnable::run));
    return c;
  }

  static String poll(PollConnection c) {
    FakePoll poll = new FakePoll();
    c.poll(poll, 0);
    return poll.answered() ? poll.only() : "(held)";
  }

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void connect_thenConnectedArrivesOnThePoll_andTheSessionsTransportIsHttpLongPoll() {
    PollConnection c = open("10.0.0.1");
    c.open("{\"t\":\"connect\",\"v\":1}");
    assertTrue(c.afterOpen().isDone());
    JsonObject connected = json(poll(c));
    assertEquals("connected", connected.getString("t"));
    assertEquals("HTTP_LONG_POLL", c.client().session().property("$Transport"));
    assertEquals("10.0.0.1", c.client().session().property("$ClientIP"));
  }

  @Test
  void outbox_whenMessagesQueueWithoutAPoll_thenOneFramePerPoll_theQueuedOnesBatchedIntoAnArray() {
    PollConnection c = open("a");
    c.open("{\"t\":\"connect\",\"v\":1}");
    poll(c); // connected
    ClientConnection client = c.client();
    client.onText(
        "{\"t\":\"ping\",\"id\":1}"); // the outbox's one write in flight: waits for a poll
    client.onText("{\"t\":\"ping\",\"id\":2}"); // queued in the outbox
    client.onText("{\"t\":\"ping\",\"id\":3}");
    assertEquals(1, json(poll(c)).getInt("id"));
    String batch = poll(c);
    assertTrue(
        batch.startsWith("[{\"t\":\"ok\",\"id\":2,") && batch.contains("{\"t\":\"ok\",\"id\":3,"),
        batch);
    assertEquals("(held)", poll(c));
  }

  @Test
  void serverClose_thenTheCloseMessageArrivesOnAPoll_thenTheConnectionIsGone() {
    PollConnection c = open("a");
    c.open("{\"t\":\"connect\",\"v\":1}");
    poll(c);
    FakePoll held = new FakePoll();
    c.poll(held, 0);
    c.client().session().close(CloseReason.CLOSED_BY_CONTROLLER, "bye");
    JsonObject close = json(held.only());
    assertEquals("close", close.getString("t"));
    assertEquals("CLOSED_BY_CONTROLLER", close.getString("reason"));
    assertNull(polls.get(c.cid()), "forgotten once the close went");
    assertEquals("404", poll(c));
    assertEquals(0, polls.size());
  }

  @Test
  void refusal_thenTheCloseMessageArrivesOnAPoll() {
    PollConnection c = open("a");
    c.open("{\"t\":\"connect\",\"v\":1,\"principal\":\"client\",\"credentials\":\"wrong\"}");
    assertEquals("ACCESS_DENIED", json(poll(c)).getString("reason"));
    assertEquals("404", poll(c));
  }

  @Test
  void handshakeTimeout_whenNoConnect_thenRefusedOnThePoll() {
    PollConnection c = open("a");
    polls.sweep(9_999);
    assertEquals("(held)", poll(c));
    polls.sweep(10_000);
    // the held poll was answered by the refusal
    FakePoll next = new FakePoll();
    c.poll(next, 10_000);
    assertEquals("404", next.only());
    assertTrue(c.isEnded());
  }

  @Test
  void
      noPollPastTheGrace_whenSequenced_thenDropped_andTheSessionWaitsForAReconnectOnANewConnection() {
    PollConnection c = open("a");
    c.open("{\"t\":\"connect\",\"v\":1,\"seq\":true}");
    JsonObject connected = json(poll(c));
    var session = c.client().session();
    polls.sweep(HOLD + PollConnections.GRACE_MILLIS - 1);
    assertNotNull(polls.get(c.cid()));
    polls.sweep(HOLD + PollConnections.GRACE_MILLIS);
    assertNull(polls.get(c.cid()), "dropped as lost");
    assertEquals(SessionState.RECOVERING_RECONNECT, session.state());

    PollConnection again = open("a");
    again.open(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
            + connected.getString("sessionId")
            + "\",\"token\":\""
            + connected.getString("token")
            + "\",\"ack\":0}");
    JsonObject resumed = json(poll(again));
    assertEquals("connected", resumed.getString("t"));
    assertTrue(resumed.getBoolean("reconnected"));
    assertEquals(SessionState.CONNECTED_ACTIVE, session.state());
  }

  @Test
  void noPollPastTheGrace_whenNotSequenced_thenTheSessionClosesWithConnectionError() {
    PollConnection c = open("a");
    c.open("{\"t\":\"connect\",\"v\":1}");
    poll(c);
    var session = c.client().session();
    polls.sweep(HOLD + PollConnections.GRACE_MILLIS);
    assertFalse(session.isOpen());
    assertEquals(CloseReason.CONNECTION_ERROR, session.closeReason());
  }

  @Test
  void clientEnd_whenSequencedSessionReconnectsElsewhere_thenTheOldConnectionEnds() {
    PollConnection c = open("a");
    c.open("{\"t\":\"connect\",\"v\":1,\"seq\":true}");
    JsonObject connected = json(poll(c));
    FakePoll held = new FakePoll();
    c.poll(held, 0);
    PollConnection again = open("a");
    again.open(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
            + connected.getString("sessionId")
            + "\",\"token\":\""
            + connected.getString("token")
            + "\",\"ack\":0}");
    assertEquals("404", held.only(), "the taken-over connection's poll ends");
    assertTrue(c.isEnded());
    assertFalse(again.isEnded());
  }

  @Test
  void open_whenTheAddressHasTheMostConnections_thenTooMany_untilOneEnds() {
    PollConnection first = open("a");
    open("a");
    assertThrows(PollRefusal.class, () -> open("a"));
    open("b");
    first.end(CloseReason.CLOSED_BY_CLIENT, "test");
    assertNotNull(open("a"));
  }

  @Test
  void cids_thenUnguessable128BitBase64Url() {
    PollConnections many = new PollConnections(HOLD, 10_000, 1000);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      PollConnection c =
          many.open(
              "a",
              cid ->
                  new PollConnection(
                      cid, "a", HOLD, 0, Runnable::run, 10, Long.MAX_VALUE, 1000, x -> {}));
      assertTrue(c.cid().matches("[A-Za-z0-9_-]{22}"), c.cid());
      assertTrue(seen.add(c.cid()));
      assertNotEquals(-1, c.toString().indexOf("a"));
      assertFalse(c.toString().contains(c.cid()), "never shown");
    }
  }
}
