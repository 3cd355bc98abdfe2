package dev.osmosis.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerClosesTest {

  /** A Session that records its standard closes. */
  static final class FakeSession {
    boolean open = true;
    final List<CloseReason> closes = new ArrayList<>();
    final Session session =
        (Session)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Session.class},
                (p, m, a) ->
                    switch (m.getName()) {
                      case "isOpen" -> open;
                      case "close" -> {
                        closes.add((CloseReason) a[0]);
                        open = false;
                        yield null;
                      }
                      case "getId" -> "s1";
                      case "hashCode" -> System.identityHashCode(p);
                      case "equals" -> p == a[0];
                      default -> null;
                    });
  }

  final List<String> frames = new ArrayList<>();

  ServerCloses closes(boolean routeAvailable) {
    return new ServerCloses(
        (ws, code, reason) -> {
          frames.add(code + " " + reason);
          return routeAvailable;
        });
  }

  @Test
  void close_withTheRawRoute_thenOnlyTheFrameAndOnce() {
    ServerCloses closes = closes(true);
    FakeSession ws = new FakeSession();
    closes.close(ws.session, 4006, "IDLE_CONNECTION");
    closes.close(ws.session, 4006, "IDLE_CONNECTION");
    assertEquals(List.of("4006 IDLE_CONNECTION"), frames);
    assertEquals(0, ws.closes.size(), "the connection is left to the client's answer");
    assertTrue(closes.closing(ws.session));
  }

  @Test
  void ended_afterTheServersClose_thenTheServersReasonAsTyrusReportsIt() {
    ServerCloses closes = closes(true);
    FakeSession ws = new FakeSession();
    closes.close(ws.session, 4006, "IDLE_CONNECTION");
    CloseReason peer = new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "");
    CloseReason reported = closes.ended(ws.session, peer);
    assertEquals(4006, reported.getCloseCode().getCode());
    assertEquals("IDLE_CONNECTION", reported.getReasonPhrase());
    assertFalse(closes.closing(ws.session));
    assertSame(peer, closes.ended(ws.session, peer), "a client's own close keeps its reason");
  }

  @Test
  void close_withoutTheRawRoute_thenTheStandardCloseAtOnce() {
    ServerCloses closes = closes(false);
    FakeSession ws = new FakeSession();
    closes.close(ws.session, 1008, "no ingress handler named x");
    assertEquals(1, ws.closes.size());
    assertEquals(1008, ws.closes.get(0).getCloseCode().getCode());
    assertFalse(closes.closing(ws.session));
  }

  @Test
  void close_whenAlreadyClosed_thenNothing() {
    ServerCloses closes = closes(true);
    FakeSession ws = new FakeSession();
    ws.open = false;
    closes.close(ws.session, 1000, "");
    assertEquals(List.of(), frames);
    assertEquals(0, ws.closes.size());
  }

  @Test
  void sweep_clientNeverAnswers_thenTheStandardCloseAfterTheGraceOnly() {
    ServerCloses closes = closes(true);
    FakeSession ws = new FakeSession();
    closes.close(ws.session, 4006, "IDLE_CONNECTION");
    closes.sweep(10_000); // first sight
    closes.sweep(10_000 + ServerCloses.GRACE_MILLIS - 1);
    assertEquals(0, ws.closes.size(), "within the grace");
    closes.sweep(10_000 + ServerCloses.GRACE_MILLIS);
    assertEquals(1, ws.closes.size());
    assertEquals(4006, ws.closes.get(0).getCloseCode().getCode());
    assertFalse(closes.closing(ws.session));
    closes.sweep(20_000);
    assertEquals(1, ws.closes.size(), "closed once");
  }

  @Test
  void sweep_clientAnswered_thenNoStandardClose() {
    ServerCloses closes = closes(true);
    FakeSession ws = new FakeSession();
    closes.close(ws.session, 4006, "IDLE_CONNECTION");
    closes.sweep(10_000);
    ws.open = false; // the client's answer ended it (before @OnClose ran)
    closes.sweep(10_000 + ServerCloses.GRACE_MILLIS);
    assertEquals(0, ws.closes.size());
    assertFalse(closes.closing(ws.session));
  }
}
