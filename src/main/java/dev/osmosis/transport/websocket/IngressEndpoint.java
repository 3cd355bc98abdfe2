package dev.osmosis.transport.websocket;

import dev.osmosis.connection.ConnectionSettings;
import dev.osmosis.ingress.IngressConnection;
import dev.osmosis.ingress.IngressHandler;
import dev.osmosis.ingress.IngressHandlers;
import dev.osmosis.ingress.IngressHandshake;
import dev.osmosis.room.RoomRegistry;
import dev.osmosis.transport.WriterPool;
import dev.osmosis.transport.websocket.internals.IdleTimers;
import dev.osmosis.transport.websocket.internals.RemoteAddresses;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ingress endpoint {@code /ws/{name}} (seed 004): adapts each Jakarta WebSocket session into an
 * {@link IngressConnection} for the handler of that name ({@link IngressFilter} has already refused
 * unknown names with 404). Text messages up to {@code osmosis.maxMessageSize} bytes; larger ones
 * close with 1009, invalid UTF-8 with 1007 (both by the engine), binary messages with 1003.
 */
@ServerEndpoint(value = "/ws/{name}", configurator = IngressConfigurator.class)
public class IngressEndpoint {
  private static final String KEY = IngressConnection.class.getName();

  @Inject IngressHandlers handlers;
  @Inject RoomRegistry rooms;
  @Inject ConnectionSettings settings;
  @Resource ManagedExecutorService executor;
  @Inject WriterPool writers;
  @Inject dev.osmosis.connection.SessionLimits limits;
  @Inject WebSocketAddresses addresses;
  @Inject ServerCloses closes;

  @OnOpen
  public void open(Session ws, @PathParam("name") String name) throws IOException {
    addresses.opened(ws);
    IngressHandler handler = handlers.find(name).orElse(null);
    if (handler == null) {
      // not Session.close inside @OnOpen: it would end the upgrade request under Grizzly's feet
      closes.close(ws, CloseCodes.VIOLATED_POLICY.getCode(), "no ingress handler named " + name);
      return;
    }
    ws.setMaxTextMessageBufferSize(settings.maxMessageSize());
    ws.setMaxBinaryMessageBufferSize(settings.maxMessageSize());
    IdleTimers.install(ws); // first: setMaxIdleTimeout itself reschedules Tyrus's idle timer
    ws.setMaxIdleTimeout(0);
    IngressConnection connection =
        new IngressConnection(
            UUID.randomUUID().toString(),
            name,
            handler,
            handshake(ws),
            rooms,
            new IngressWebSocket(
                ws,
                settings.maxOutboundQueue(),
                limits.maxOutboundBytes(),
                writers.executor(),
                executor,
                closes));
    ws.getUserProperties().put(KEY, connection);
    connection.opened();
  }

  @OnMessage
  public void text(String message, Session ws) {
    if (MessageSize.exceeds(message, settings.maxMessageSize())) {
      ClientEndpoint.closeTooLarge(ws, settings.maxMessageSize());
      return;
    }
    IngressConnection connection = connection(ws);
    if (connection != null) {
      connection.received(message);
    }
  }

  @OnMessage
  public void binary(ByteBuffer data, Session ws) throws IOException {
    ws.close(
        new jakarta.websocket.CloseReason(
            CloseCodes.CANNOT_ACCEPT, "binary messages are not supported"));
  }

  @OnClose
  public void closed(Session ws) {
    closes.ended(ws, null);
    addresses.closed(ws);
    IngressConnection connection = connection(ws);
    if (connection != null) {
      connection.closed();
    }
  }

  @OnError
  public void error(Session ws, Throwable error) {
    System.getLogger(IngressEndpoint.class.getName())
        .log(System.Logger.Level.DEBUG, "ingress WebSocket error on " + ws.getId(), error);
  }

  @SuppressWarnings("unchecked")
  private static IngressHandshake handshake(Session ws) {
    Object headers = ws.getUserProperties().remove(IngressConfigurator.HEADERS);
    return new IngressHandshake(
        ws.getRequestURI().getPath(),
        ws.getRequestParameterMap(),
        headers instanceof Map ? (Map<String, List<String>>) headers : Map.of(),
        RemoteAddresses.of(ws));
  }

  private static IngressConnection connection(Session ws) {
    return (IngressConnection) ws.getUserProperties().get(KEY);
  }
}
