package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionListener;
import dev.osmosis.session.SessionState;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.session.Transport;
import dev.osmosis.wire.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sequencing, the recovery buffer and the reconnect handshake (docs/PROTOCOL.md §12) on fake
 * transports.
 */
class ReconnectTest {

  /** A transport that writes at once and records frames and closes. */
  static class FakeLink implements Connection, ReliableConnection.Link {
    final List<String> frames = new ArrayList<>();
    final List<CloseReason> closes = new ArrayList<>();

    @Override
    public void write(String frame, Runnable done) {
      frames.add(frame);
      done.run();
    }

    @Override
    public void closeTransport(CloseReason reason) {
      closes.add(reason);
    }

    @Override
    public void send(String message) {
      frames.add(message);
    }

    @Override
    public void close(CloseReason reason, String message) {
      frames.add(ServerFrames.close(reason, message));
      closes.add(reason);
    }

    @Override
    public String remoteAddress() {
      return "127.0.0.1";
    }

    String last() {
      return frames.get(frames.size() - 1);
    }
  }

  final List<CloseReason> overflows = new ArrayList<>();

  ReliableConnection reliable(int bufferLimit) {
    return new ReliableConnection(Runnable::run, 1000, bufferLimit, 65536, overflows::add);
  }

  @Test
  void send_whenAttached_thenEnvelopeNumbersFromOneAndCarriesAck() {
    ReliableConnection r = reliable(100);
    FakeLink link = new FakeLink();
    r.attach(link, 0, "{\"t\":\"connected\"}");
    r.send("{\"t\":\"a\"}");
    assertEquals(
        List.of("{\"t\":\"connected\"}", "{\"s\":1,\"ack\":0,\"m\":[{\"t\":\"a\"}]}"), link.frames);
    assertEquals(ClientSequence.Inbound.NEXT, r.inbound().accept(1));
    r.send("{\"t\":\"b\"}");
    assertEquals("{\"s\":2,\"ack\":1,\"m\":[{\"t\":\"b\"}]}", link.last());
    assertEquals(2, r.buffered(), "kept until acknowledged");
    r.ack(2);
    assertEquals(0, r.buffered());
  }

  @Test
  void sendConflated_whenValueNeverWritten_thenReplacedInPlaceKeepingItsNumber_elseNumberedAnew() {
    ReliableConnection r = reliable(100);
    FakeLink first = new FakeLink();
    r.attach(first, 0, "C1");
    r.sendConflated(7L, "v1", "v1"); // written at once: s=1
    assertTrue(r.detach(first));
    r.sendConflated(7L, "d2", "v2"); // kept, never written: s=2
    r.send("other"); // s=3
    r.sendConflated(7L, "d3", "v3"); // replaces s=2 with the full value
    r.sendConflated(7L, "d4", "v4"); // and again
    FakeLink second = new FakeLink();
    r.attach(second, 1, "C2");
    assertEquals(
        List.of("C2", "{\"s\":2,\"ack\":0,\"m\":[v4,other]}"),
        second.frames,
        "the latest value where the first unsent one was, numbers unchanged: no gap, no duplicate");
    r.sendConflated(7L, "d5", "v5"); // s=2 was written: a new number, the delta goes as it is
    assertEquals("{\"s\":4,\"ack\":0,\"m\":[d5]}", second.last());
  }

  @Test
  void sendConflated_afterRewind_thenWrittenButUnacknowledgedValuesAreNeverReplaced() {
    ReliableConnection r = reliable(100);
    FakeLink first = new FakeLink();
    r.attach(first, 0, "C1");
    r.sendConflated(
        7L, "v1", "v1"); // s=1 written; the client may have it even if it did not acknowledge it
    assertTrue(r.detach(first));
    r.sendConflated(
        7L, "v2", "v2"); // s=2: the rewind to the client's ack must not let this replace s=1
    FakeLink second = new FakeLink();
    r.attach(second, 0, "C2");
    assertEquals(List.of("C2", "{\"s\":1,\"ack\":0,\"m\":[v1,v2]}"), second.frames);
  }

  @Test
  void
      priority_whileDetached_thenUnwrittenMessagesGoHighDefaultLow_eachTopicInOrder_conflationFollows() {
    ReliableConnection r = reliable(100);
    FakeLink first = new FakeLink();
    r.attach(first, 0, "C1");
    r.send("w1", Connection.LOW); // s=1, written: never moved again
    assertTrue(r.detach(first));
    r.sendConflated(5L, "L1", "L1", Connection.LOW);
    r.send("D1");
    r.sendConflated(9L, "H1", "H1", Connection.HIGH);
    r.send("L2", Connection.LOW);
    r.send("D2", Connection.DEFAULT);
    r.sendConflated(9L, "h2", "H2", Connection.HIGH); // replaces H1 in place (never written)
    r.sendConflated(
        5L, "l3", "L3", Connection.LOW); // replaces L1 in place, wherever reordering put it
    r.send("H3", Connection.HIGH);
    FakeLink second = new FakeLink();
    r.attach(second, 0, "C2");
    assertEquals(
        List.of("C2", "{\"s\":1,\"ack\":0,\"m\":[w1,H2,H3,D1,D2,L3,L2]}"),
        second.frames,
        "the written message first (replayed as it was), then by priority, each lane in order, numbers consecutive");
    r.sendConflated(
        9L, "h4", "H4", Connection.HIGH); // s=2 was written: numbered anew, the delta as it is
    assertEquals("{\"s\":8,\"ack\":0,\"m\":[h4]}", second.last());
  }

  @Test
  void priority_whenDefaultOnly_thenNothingReorderedAndNoLanesKept() {
    ReliableConnection r = reliable(100);
    FakeLink first = new FakeLink();
    r.attach(first, 0, "C1");
    assertTrue(r.detach(first));
    r.send("a");
    r.send("b", Connection.DEFAULT);
    r.send("c", Connection.LOW);
    r.send("d", Connection.LOW);
    FakeLink second = new FakeLink();
    r.attach(second, 0, "C2");
    assertEquals(
        List.of("C2", "{\"s\":1,\"ack\":0,\"m\":[a,b,c,d]}"),
        second.frames,
        "already in priority order: kept as queued");
  }

  @Test
  void discardConflated_whileDetached_thenTheWaitingValueIsNotSent_numbersStayConsecutive() {
    ReliableConnection r = reliable(100);
    FakeLink first = new FakeLink();
    r.attach(first, 0, "C1");
    assertTrue(r.detach(first));
    r.sendConflated(7L, "v1", "v1");
    r.send("other");
    r.discardConflated(7L); // TIDY_ON_UNSUBSCRIBE: the value waits unnumbered, so it can go
    FakeLink second = new FakeLink();
    r.attach(second, 0, "C2");
    assertEquals(List.of("C2", "{\"s\":1,\"ack\":0,\"m\":[other]}"), second.frames);
  }

  @Test
  void attach_afterDetach_thenReplaysWhatTheClientMissedInOrderOnce() {
    ReliableConnection r = reliable(100);
    FakeLink first = new FakeLink();
    r.attach(first, 0, "C1");
    r.send("m1");
    r.send("m2");
    assertTrue(r.detach(first));
    assertFalse(r.detach(first), "only once");
    r.send("m3");
    r.send("m4");
    FakeLink second = new FakeLink();
    assertNull(r.attach(second, 1, "C2"), "the old link was already detached");
    assertEquals(List.of("C2", "{\"s\":2,\"ack\":0,\"m\":[m2,m3,m4]}"), second.frames);
    r.send("m5");
    assertEquals("{\"s\":5,\"ack\":0,\"m\":[m5]}", second.last());
    assertEquals(4, r.buffered(), "m1 was acknowledged by the reconnect");
  }

  @Test
  void attach_whileAnotherLinkIsAttached_thenReturnsItToClose_andItsWritesStop() {
    ReliableConnection r = reliable(100);
    FakeLink first = new FakeLink();
    r.attach(first, 0, "C1");
    FakeLink second = new FakeLink();
    assertSame(first, r.attach(second, 0, "C2"));
    r.send("m1");
    assertEquals(List.of("C1"), first.frames);
    assertFalse(r.detach(first), "a late close of the old link does not detach the new one");
    assertTrue(r.isCurrent(second));
  }

  @Test
  void attach_whenAckOutOfRange_thenRefused() {
    ReliableConnection r = reliable(100);
    FakeLink first = new FakeLink();
    r.attach(first, 0, "C1");
    r.send("m1");
    r.ack(1);
    r.detach(first);
    assertThrows(
        IllegalArgumentException.class, () -> r.attach(new FakeLink(), 5, "C"), "never sent");
    assertThrows(
        IllegalArgumentException.class, () -> r.attach(new FakeLink(), -1, "C"), "already dropped");
  }

  @Test
  void send_whenRecoveryBufferOverflowsWhileDetached_thenLostMessagesOnce() {
    ReliableConnection r = reliable(3);
    for (int i = 0; i < 5; i++) {
      r.send("m" + i);
    }
    assertEquals(List.of(CloseReason.LOST_MESSAGES), overflows);
  }

  @Test
  void accept_thenDuplicatesAndGapsAreReported() {
    ReliableConnection r = reliable(3);
    assertEquals(ClientSequence.Inbound.NEXT, r.inbound().accept(1));
    assertEquals(ClientSequence.Inbound.DUPLICATE, r.inbound().accept(1));
    assertEquals(ClientSequence.Inbound.GAP, r.inbound().accept(3));
    assertEquals(1, r.inbound().received());
  }

  @Test
  void flushAck_whenMessagesUnacknowledged_thenStandaloneAck() {
    ReliableConnection r = reliable(100);
    FakeLink link = new FakeLink();
    r.attach(link, 0, "C");
    r.inbound().accept(1);
    r.flushAck(false);
    assertEquals(List.of("C"), link.frames, "not yet: fewer than ACK_EVERY");
    r.flushAck(true);
    assertEquals("{\"t\":\"ack\",\"ack\":1}", link.last());
  }

  // ------------------------------------------------------------ the handshake, on ClientConnection

  final Sessions sessions = TestSessions.sessions();
  final dev.osmosis.subscribe.Subscriptions subscriptions = TestSessions.subscriptions();
  final dev.osmosis.subscribe.TopicControl topics =
      new dev.osmosis.subscribe.TopicControl(subscriptions, TestSessions::store);

  ClientConnection client(FakeLink link) {
    return new ClientConnection(
            sessions,
            TestSessions.control(sessions),
            subscriptions,
            topics,
            link,
            Transport.WEBSOCKET,
            TestSessions.CLOCK)
        .reconnectable(Runnable::run);
  }

  @Test
  void connectionLost_thenRecovering_thenReconnectReplaysAndDeduplicates() {
    FakeLink first = new FakeLink();
    ClientConnection c1 = client(first);
    c1.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true,\"reconnectTimeout\":5000}");
    Session session = c1.session();
    assertTrue(first.frames.get(0).contains("\"seq\":true,\"ack\":0"), first.frames.get(0));
    c1.onText("{\"t\":\"ping\",\"id\":1,\"seq\":1}");
    assertTrue(
        first.last().startsWith("{\"s\":1,\"ack\":1,\"m\":[{\"t\":\"ok\",\"id\":1,"), first.last());

    c1.onTransportClosed(CloseReason.CONNECTION_ERROR, "cut");
    assertEquals(SessionState.RECOVERING_RECONNECT, session.state());
    assertTrue(session.isOpen());
    assertTrue(sessions.registry().get(session.id()).isPresent());
    session.connection().send("{\"t\":\"x\"}");

    FakeLink second = new FakeLink();
    ClientConnection c2 = client(second);
    c2.onText(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
            + session.id()
            + "\",\"token\":\""
            + session.token()
            + "\",\"ack\":0}");
    assertSame(session, c2.session());
    assertEquals(SessionState.CONNECTED_ACTIVE, session.state());
    assertTrue(second.frames.get(0).contains("\"reconnected\":true"), second.frames.get(0));
    assertTrue(second.frames.get(0).contains("\"ack\":1"), second.frames.get(0));
    assertTrue(second.frames.get(1).startsWith("{\"s\":1,"), "replayed from the client's ack");
    assertTrue(second.frames.get(1).endsWith(",{\"t\":\"x\"}]}"), second.frames.get(1));

    int before = second.frames.size();
    c2.onText("{\"t\":\"ping\",\"id\":1,\"seq\":1}");
    assertEquals(before, second.frames.size(), "a replayed duplicate is ignored");
    c2.onText("{\"t\":\"ping\",\"id\":2,\"seq\":2}");
    assertTrue(second.last().contains("\"id\":2"), second.last());
  }

  @Test
  void replay_whenOutboundFrameCapSmall_thenBatchesCutAtIt_notAtTheInboundMessageLimit() {
    SessionLimits smallFrames = new SessionLimits(16L << 20, 32L << 20, 8, 100, 1024);
    FakeLink first = new FakeLink();
    ClientConnection c1 = client(first).limits(smallFrames);
    c1.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true,\"reconnectTimeout\":5000}");
    Session session = c1.session();
    c1.onTransportClosed(CloseReason.CONNECTION_ERROR, "cut");
    String message = "{\"t\":\"x\",\"pad\":\"" + "p".repeat(300) + "\"}";
    for (int i = 0; i < 10; i++) {
      session.connection().send(message);
    }
    FakeLink second = new FakeLink();
    ClientConnection c2 = client(second).limits(smallFrames);
    c2.onText(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
            + session.id()
            + "\",\"token\":\""
            + session.token()
            + "\",\"ack\":0}");
    List<String> replay = second.frames.subList(1, second.frames.size());
    // 10 x ~320 characters: one frame under the 64 KiB inbound limit; a batch stops growing past
    // 1,024
    // characters, so 4 + 4 + 2 messages
    List<Integer> sizes = replay.stream().map(String::length).toList();
    assertEquals(3, replay.size(), sizes.toString());
    assertTrue(sizes.stream().allMatch(n -> n < 1024 + message.length() + 64), sizes.toString());
  }

  @Test
  void reconnect_overAnotherTransport_thenTransportAndClientIpFollow() {
    FakeLink first = new FakeLink();
    ClientConnection c1 = client(first);
    c1.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true}");
    Session session = c1.session();
    assertEquals("WEBSOCKET", session.property("$Transport"));
    c1.onTransportClosed(CloseReason.CONNECTION_ERROR, "cut");
    FakeLink second =
        new FakeLink() {
          @Override
          public String remoteAddress() {
            return "10.1.2.3";
          }
        };
    ClientConnection c2 =
        new ClientConnection(
                sessions,
                TestSessions.control(sessions),
                subscriptions,
                topics,
                second,
                Transport.HTTP_LONG_POLL,
                TestSessions.CLOCK)
            .reconnectable(Runnable::run);
    c2.onText(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
            + session.id()
            + "\",\"token\":\""
            + session.token()
            + "\",\"ack\":0}");
    assertSame(session, c2.session());
    assertEquals("HTTP_LONG_POLL", session.property("$Transport"));
    assertEquals("10.1.2.3", session.property("$ClientIP"));
    assertTrue(
        second.frames.get(0).contains("\"$Transport\":\"HTTP_LONG_POLL\""), second.frames.get(0));
  }

  @Test
  void reconnect_whenWrongTokenOrUnknown_thenHandshakeRejected() {
    FakeLink first = new FakeLink();
    ClientConnection c1 = client(first);
    c1.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true}");
    Session session = c1.session();
    c1.onTransportClosed(CloseReason.CONNECTION_ERROR, "cut");

    FakeLink second = new FakeLink();
    client(second)
        .onText(
            "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
                + session.id()
                + "\",\"token\":\"wrong\",\"ack\":0}");
    assertEquals(List.of(CloseReason.HANDSHAKE_REJECTED), second.closes);
    assertTrue(second.last().contains("session unknown or expired"), second.last());
    assertEquals(
        SessionState.RECOVERING_RECONNECT,
        session.state(),
        "a wrong token does not harm the session");

    FakeLink third = new FakeLink();
    client(third)
        .onText(
            "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\"00000000000000aa-00000000000000bb\","
                + "\"token\":\"t\",\"ack\":0}");
    assertEquals(List.of(CloseReason.HANDSHAKE_REJECTED), third.closes);
  }

  @Test
  void sweep_whenReconnectTimeoutPassed_thenRecoveryExpired_andListenersHearIt() {
    FakeLink first = new FakeLink();
    ClientConnection c1 = client(first);
    c1.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true,\"reconnectTimeout\":5000}");
    Session session = c1.session();
    List<CloseReason> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    sessions
        .registry()
        .addListener(
            new SessionListener() {
              @Override
              public void opened(Session s) {}

              @Override
              public void updated(
                  Session s, Map<String, String> before, Map<String, String> after) {}

              @Override
              public void closed(Session s, CloseReason reason) {
                heard.add(reason);
              }
            });
    c1.onTransportClosed(CloseReason.CONNECTION_ERROR, "cut");
    long now = TestSessions.CLOCK.millis();
    assertEquals(0, ReconnectSweep.sweep(sessions.registry(), now + 4999));
    assertEquals(1, ReconnectSweep.sweep(sessions.registry(), now + 5000));
    assertEquals(CloseReason.RECOVERY_EXPIRED, session.closeReason());
    assertEquals(SessionState.CLOSED_BY_SERVER, session.state());
    assertEquals(List.of(CloseReason.RECOVERY_EXPIRED), heard, "the server-side hook");
    assertFalse(sessions.registry().get(session.id()).isPresent());
  }

  @Test
  void reconnect_afterTheRecoveryWindow_thenRecoveryExpired_butAWrongTokenStaysUnknown() {
    FakeLink first = new FakeLink();
    ClientConnection c1 = client(first);
    c1.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true,\"reconnectTimeout\":5000}");
    Session session = c1.session();
    c1.onTransportClosed(CloseReason.CONNECTION_ERROR, "cut");
    ReconnectSweep.sweep(sessions.registry(), TestSessions.CLOCK.millis() + 5000);

    FakeLink late = new FakeLink();
    client(late)
        .onText(
            "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
                + session.id()
                + "\",\"token\":\""
                + session.token()
                + "\",\"ack\":0}");
    assertEquals(List.of(CloseReason.RECOVERY_EXPIRED), late.closes);
    assertTrue(late.last().contains("\"reason\":\"RECOVERY_EXPIRED\""), late.last());
    assertTrue(late.last().contains("reconnect timeout of 5000 ms"), late.last());

    FakeLink probe = new FakeLink();
    client(probe)
        .onText(
            "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
                + session.id()
                + "\",\"token\":\"wrong\",\"ack\":0}");
    assertEquals(
        List.of(CloseReason.HANDSHAKE_REJECTED), probe.closes, "no oracle without the token");
  }

  @Test
  void close_whenClientSendsClose_thenNotRecovering() {
    FakeLink first = new FakeLink();
    ClientConnection c1 = client(first);
    c1.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true}");
    Session session = c1.session();
    c1.onText("{\"t\":\"close\",\"seq\":1}");
    c1.onTransportClosed(CloseReason.CLOSED_BY_CLIENT, "1000");
    assertEquals(SessionState.CLOSED_BY_CLIENT, session.state());
  }

  @Test
  void unresponsive_whenSequenced_thenRecovering_elseClosed() {
    FakeLink first = new FakeLink();
    ClientConnection c1 = client(first);
    c1.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true}");
    c1.onUnresponsive("silent");
    assertEquals(List.of(CloseReason.CLIENT_UNRESPONSIVE), first.closes);
    assertEquals(SessionState.RECOVERING_RECONNECT, c1.session().state());

    FakeLink plain = new FakeLink();
    ClientConnection c2 = client(plain);
    c2.onText("{\"t\":\"connect\",\"v\":1}");
    c2.onUnresponsive("silent");
    assertEquals(CloseReason.CLIENT_UNRESPONSIVE, c2.session().closeReason());
  }

  @Test
  void registryListeners_hearDisconnectedAndReconnected() {
    List<String> heard = new ArrayList<>();
    sessions
        .registry()
        .addListener(
            new dev.osmosis.session.SessionListener() {
              @Override
              public void opened(Session session) {}

              @Override
              public void updated(
                  Session session,
                  java.util.Map<String, String> before,
                  java.util.Map<String, String> after) {}

              @Override
              public void closed(Session session, CloseReason reason) {
                heard.add("closed");
              }

              @Override
              public void disconnected(Session session) {
                heard.add("disconnected " + session.state());
              }

              @Override
              public void reconnected(Session session) {
                heard.add("reconnected " + session.state());
              }
            });
    FakeLink first = new FakeLink();
    ClientConnection c1 = client(first);
    c1.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true}");
    Session session = c1.session();
    c1.onTransportClosed(CloseReason.CONNECTION_ERROR, "cut");
    client(new FakeLink())
        .onText(
            "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
                + session.id()
                + "\",\"token\":\""
                + session.token()
                + "\",\"ack\":0}");
    assertEquals(
        List.of("disconnected RECOVERING_RECONNECT", "reconnected CONNECTED_ACTIVE"), heard);
  }

  @Test
  void sendDirect_whenIdle_thenWrittenOnTheCallingThreadInSequence() {
    List<Runnable> handedOff = new ArrayList<>();
    ReliableConnection r = new ReliableConnection(handedOff::add, 1000, 100, 65536, overflows::add);
    FakeLink link = new FakeLink();
    r.attach(link, 0, "{\"t\":\"connected\"}");
    while (!handedOff.isEmpty()) {
      handedOff.remove(0).run();
    }

    r.sendDirect("{\"t\":\"reply\"}");

    assertEquals("{\"s\":1,\"ack\":0,\"m\":[{\"t\":\"reply\"}]}", link.last());
    assertTrue(handedOff.isEmpty(), "no hand-off to the writer pool");
    r.send("{\"t\":\"fanout\"}");
    assertEquals(1, handedOff.size(), "send still hands off");
    handedOff.remove(0).run();
    assertEquals("{\"s\":2,\"ack\":0,\"m\":[{\"t\":\"fanout\"}]}", link.last());
  }
}
