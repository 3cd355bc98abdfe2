package dev.osmosis.transport.websocket;

import dev.osmosis.sweep.Sweep;
import dev.osmosis.transport.websocket.internals.CloseFrames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every WebSocket close the server starts, from whatever thread. Tyrus's {@code Session.close}
 * sends the close frame and at once ends the upgraded connection on the calling thread, and
 * Payara's servlet upgrade then finishes the HTTP request on that thread while Grizzly may be
 * reading the client's answering close frame on its own: both threads recycle the one pooled
 * request, which shows as GRIZZLY0013 NullPointerExceptions and, when the pooled request is handed
 * to a new connection twice, an opening that is never answered (docs/TESTING.md, "Known container
 * issue"). A close from {@code @OnOpen} meets the same end inside the upgrade request itself.
 *
 * <p>So a close here only writes the close frame ({@link CloseFrames}, the raw-frame route); the
 * client's answer makes Tyrus end the connection on Grizzly's own thread, as when the client closes
 * first, and {@code @OnClose} then reports the server's reason, as Tyrus reports a server close
 * ({@link #ended}). A client that has not answered within {@link #GRACE_MILLIS} (one to two sweeps)
 * is closed the standard way; so is every session where the raw-frame route is not available.
 */
@ApplicationScoped
public class ServerCloses implements Sweep {
  private static final System.Logger LOG = System.getLogger(ServerCloses.class.getName());

  /** How long a client has to answer a close frame before the standard close. */
  static final long GRACE_MILLIS = 1_000;

  /** Writes a close frame without closing; false if it could not. */
  @FunctionalInterface
  interface FrameSender {
    boolean send(Session ws, int code, String reason);
  }

  /** A close frame sent, not answered yet; {@code since} is set by the first sweep that sees it. */
  private static final class Pending {
    final CloseReason reason;
    long since = -1;

    Pending(CloseReason reason) {
      this.reason = reason;
    }
  }

  private final ConcurrentHashMap<Session, Pending> pending = new ConcurrentHashMap<>();
  private final FrameSender frames;

  public ServerCloses() {
    this(CloseFrames::send);
  }

  ServerCloses(FrameSender frames) {
    this.frames = frames;
  }

  /** Closes {@code ws} with {@code code} and {@code reason}; safe from any thread, once. */
  public void close(Session ws, int code, String reason) {
    if (!ws.isOpen()) {
      return;
    }
    CloseReason why = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
    Pending p = new Pending(why);
    if (pending.putIfAbsent(ws, p) != null) {
      return; // already closing
    }
    if (!frames.send(ws, code, reason)) {
      pending.remove(ws, p);
      closeNow(ws, why);
    }
  }

  /** Whether a close frame was sent to {@code ws} and the client has not answered yet. */
  boolean closing(Session ws) {
    return pending.containsKey(ws);
  }

  /**
   * For {@code @OnClose}: the reason to report — the server's own if it started the close (what
   * Tyrus reports when it closes), else {@code peer}'s.
   */
  CloseReason ended(Session ws, CloseReason peer) {
    Pending p = pending.remove(ws);
    return p != null ? p.reason : peer;
  }

  @Override
  public String sweepName() {
    return "the WebSocket close sweep";
  }

  @Override
  public void sweep(long now) {
    pending.forEach(
        (ws, p) -> {
          if (!ws.isOpen()) {
            pending.remove(ws, p);
          } else if (p.since < 0) {
            p.since = now;
          } else if (now - p.since >= GRACE_MILLIS && pending.remove(ws, p)) {
            closeNow(ws, p.reason); // the client did not answer: nothing left to race with
          }
        });
  }

  private static void closeNow(Session ws, CloseReason reason) {
    try {
      ws.close(reason);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing {0} failed: {1}", ws.getId(), e);
    }
  }
}
