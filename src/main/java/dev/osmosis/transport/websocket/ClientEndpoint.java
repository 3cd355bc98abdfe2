package dev.osmosis.transport.websocket;

import dev.osmosis.connection.ClientConnection;
import dev.osmosis.connection.ConnectionSettings;
import dev.osmosis.connection.SessionLimits;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.Transport;
import dev.osmosis.transport.ClientConnectionFactory;
import dev.osmosis.transport.WriterPool;
import dev.osmosis.transport.websocket.internals.IdleTimers;
import dev.osmosis.transport.websocket.internals.UpgradeLeftovers;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.DeflatedFrames;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/**
 * The client WebSocket endpoint {@code /osmosis} (docs/PROTOCOL.md). A thin boundary: it adapts the
 * Jakarta WebSocket session into a core {@link dev.osmosis.session.Connection} and hands every
 * event to the connection's {@link ClientConnection}.
 */
@ServerEndpoint(value = "/osmosis", configurator = SharedEndpointConfigurator.class)
public class ClientEndpoint {
  private static final System.Logger LOG = System.getLogger(ClientEndpoint.class.getName());
  private static final String KEY = ClientConnection.class.getName();

  /**
   * Set at open, removed once the servlet upgrade's leftovers are released (or cannot be): from the
   * first message on.
   */
  private static final String LEFTOVERS = UpgradeLeftovers.class.getName();

  @Inject Sessions sessions;
  @Inject ClientConnectionFactory clients;
  @Inject WriterPool writers;
  @Inject LiveConnections live;
  @Inject SessionLimits limits;
  @Inject ConnectionSettings settings;
  @Inject WebSocketAddresses addresses;
  @Inject ServerCloses closes;

  @OnOpen
  public void open(Session ws) {
    addresses.opened(ws);
    ws.setMaxTextMessageBufferSize(settings.maxMessageSize());
    ws.setMaxBinaryMessageBufferSize(settings.maxMessageSize());
    IdleTimers.install(ws); // first: setMaxIdleTimeout itself reschedules Tyrus's idle timer
    ws.setMaxIdleTimeout(0);
    ClientConnection[] holder = new ClientConnection[1];
    WebSocketConnection connection =
        new WebSocketConnection(
            ws,
            closes,
            writers.executor(),
            settings.maxOutboundQueue(),
            limits.maxOutboundBytes(),
            limits.maxOutboundFrameBytes(),
            asksDeflate(ws),
            () -> holder[0].onSlowConsumer());
    ClientConnection client = clients.create(connection, Transport.WEBSOCKET);
    holder[0] = client;
    ws.getUserProperties().put(KEY, client);
    ws.getUserProperties().put(LEFTOVERS, Boolean.TRUE);
    live.opened(ws, client);
  }

  /**
   * Whether the client can inflate deflated frames (docs/PROTOCOL.md "Deflated frames"): it opened
   * the WebSocket with {@code ?compression=deflate-raw}. Any other value, or none, gets text only.
   */
  static boolean asksDeflate(Session ws) {
    var values = ws.getRequestParameterMap().get(DeflatedFrames.PARAMETER);
    return values != null && values.contains(DeflatedFrames.VALUE);
  }

  @OnMessage
  public void text(String text, Session ws) {
    if (ws.getUserProperties().get(LEFTOVERS) != null
        && UpgradeLeftovers.release(ws) != UpgradeLeftovers.Outcome.NOT_YET) {
      // the upgrade has finished (Tyrus delivers no message before): what it kept is not needed
      ws.getUserProperties().remove(LEFTOVERS);
    }
    int max = settings.maxMessageSize();
    if (MessageSize.exceeds(text, max)) {
      closeTooLarge(ws, max); // @OnClose then ends the session as MESSAGE_TOO_LARGE
      return;
    }
    client(ws).onText(text);
  }

  static void closeTooLarge(Session ws, int max) {
    try {
      ws.close(
          new jakarta.websocket.CloseReason(
              jakarta.websocket.CloseReason.CloseCodes.TOO_BIG, MessageSize.reason(max)));
    } catch (java.io.IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing " + ws.getId() + " failed", e);
    }
  }

  @OnMessage
  public void binary(ByteBuffer data, Session ws) {
    client(ws).onBinary();
  }

  @OnMessage
  public void pong(jakarta.websocket.PongMessage pong, Session ws) {
    client(ws).onTraffic();
  }

  @OnClose
  public void closed(Session ws, jakarta.websocket.CloseReason peer) {
    jakarta.websocket.CloseReason reason = closes.ended(ws, peer);
    live.closed(ws);
    addresses.closed(ws);
    int code = reason.getCloseCode().getCode();
    CloseReason why =
        switch (code) {
          case 1000, 1001 -> CloseReason.CLOSED_BY_CLIENT;
          case 1009 -> CloseReason.MESSAGE_TOO_LARGE;
          // Tyrus's own frame-buffer ceiling (FrameCeiling) closes with 1011 and this phrase.
          case 1011 ->
              "Buffer overflow.".equals(reason.getReasonPhrase())
                  ? CloseReason.MESSAGE_TOO_LARGE
                  : CloseReason.CONNECTION_ERROR;
          default -> CloseReason.CONNECTION_ERROR;
        };
    client(ws).onTransportClosed(why, "WebSocket closed: " + code + " " + reason.getReasonPhrase());
  }

  @OnError
  public void error(Session ws, Throwable error) {
    LOG.log(System.Logger.Level.DEBUG, "WebSocket error on " + ws.getId(), error);
  }

  private static ClientConnection client(Session ws) {
    return (ClientConnection) ws.getUserProperties().get(KEY);
  }
}
