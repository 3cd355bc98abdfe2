package dev.osmosis.transport.websocket;

import dev.osmosis.session.AddressQuota;
import dev.osmosis.session.ConnectionLimits;
import dev.osmosis.transport.websocket.internals.RemoteAddresses;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;

/**
 * The open WebSocket connections per remote address, {@code /osmosis} and {@code /ws/{name}}
 * together, capped by {@code osmosis.maxWebSocketsPerAddress}. {@link HandshakeCapFilter} takes a
 * place before the upgrade (and gives it back if the handshake does not upgrade); the endpoint's
 * {@code @OnOpen} adopts it and its {@code @OnClose} gives it back, so concurrent handshakes never
 * overshoot the cap.
 */
@ApplicationScoped
public class WebSocketAddresses {
  private static final String KEY = WebSocketAddresses.class.getName();

  @Inject ConnectionLimits limits;
  private AddressQuota quota;

  @PostConstruct
  void init() {
    quota = new AddressQuota(limits.maxWebSocketsPerAddress());
  }

  int max() {
    return quota.max();
  }

  boolean tryAcquire(String address) {
    return quota.tryAcquire(address);
  }

  void release(String address) {
    quota.release(address);
  }

  int held(String address) {
    return quota.held(address);
  }

  /**
   * The endpoint's first act on open: this connection holds its address's place until {@link
   * #closed}.
   */
  void opened(Session ws) {
    ws.getUserProperties().put(KEY, RemoteAddresses.of(ws));
  }

  void closed(Session ws) {
    Object address = ws.getUserProperties().remove(KEY);
    if (address instanceof String a) {
      quota.release(a);
    }
  }
}
