package dev.osmosis.transport.websocket;

import dev.osmosis.connection.ClientConnection;
import dev.osmosis.connection.ConnectionSettings;
import dev.osmosis.sweep.Sweep;
import dev.osmosis.transport.websocket.internals.IdleTimers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open client WebSocket connections, for the handshake timeout and liveness (issue 6 item 4):
 * the EJB sweep asks every second (no timer per connection). A connection with no {@code connect}
 * within {@code osmosis.handshakeTimeoutMillis} is closed as IDLE_CONNECTION; a connection silent
 * for {@code osmosis.pingIntervalMillis} gets a WebSocket ping (every client answers with a pong:
 * browsers and the JDK's client do so themselves), one silent for {@code
 * osmosis.livenessTimeoutMillis} is dropped as CLIENT_UNRESPONSIVE: a reconnectable session then
 * waits for its client in RECOVERING_RECONNECT.
 */
@ApplicationScoped
public class LiveConnections implements Sweep {
  private static final System.Logger LOG = System.getLogger(LiveConnections.class.getName());
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final ConcurrentHashMap<Session, ClientConnection> open = new ConcurrentHashMap<>();

  @Inject ConnectionSettings settings;
  @Inject LivenessSettings liveness;
  @Inject ServerCloses closes;

  void opened(Session ws, ClientConnection client) {
    open.put(ws, client);
  }

  void closed(Session ws) {
    open.remove(ws);
  }

  /**
   * Stops the transport's own timer thread (Tyrus's idle timers, {@link IdleTimers}); application
   * shutdown.
   */
  public static void stopTimers() {
    IdleTimers.shutdown();
  }

  @Override
  public String sweepName() {
    return "the liveness sweep";
  }

  /** One liveness pass at {@code now} (epoch ms, the injected clock). */
  @Override
  public void sweep(long now) {
    long ping = liveness.pingInterval().toMillis();
    long timeout = liveness.livenessTimeout().toMillis();
    long handshake = settings.handshakeTimeout().toMillis();
    open.forEach(
        (ws, client) -> {
          if (closes.closing(ws)) {
            return; // a close frame is out: the client's answer ends it (ServerCloses)
          }
          if (client.handshakeOverdue(now, handshake)) {
            client.onHandshakeTimeout(); // no connect in time: closed as IDLE_CONNECTION
            return;
          }
          long idle = now - client.lastInbound();
          if (timeout > 0 && idle >= timeout) {
            open.remove(ws);
            LOG.log(
                System.Logger.Level.INFO,
                "connection {0} silent for {1} ms: unresponsive",
                ws.getId(),
                idle);
            client.onUnresponsive("no traffic from the client for " + idle + " ms");
          } else if (ping > 0 && idle >= ping && ws.isOpen()) {
            try {
              ws.getAsyncRemote().sendPing(EMPTY.duplicate());
            } catch (java.io.IOException | RuntimeException e) {
              LOG.log(System.Logger.Level.DEBUG, "ping to {0} failed: {1}", ws.getId(), e);
            }
          }
        });
  }
}
