package dev.osmosis.transport.websocket;

import jakarta.websocket.server.ServerEndpointConfig;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One endpoint instance for every connection of an endpoint class, as the Jakarta WebSocket
 * specification allows a configurator to do. By default Tyrus asks CDI for a new instance per
 * connection, and Weld's BeanManager serialises those creations behind one monitor: in a reconnect
 * storm of 2,000 connections it was the most contended lock of the server (ReconnectStorm with
 * JFR). Our endpoints keep no per-connection state in fields (it lives in the WebSocket session's
 * user properties) and inject only application-scoped collaborators, so the first instance — made
 * and injected by the container as usual — serves them all.
 */
public class SharedEndpointConfigurator extends ServerEndpointConfig.Configurator {
  private final ConcurrentHashMap<Class<?>, Object> instances = new ConcurrentHashMap<>();

  @Override
  public <T> T getEndpointInstance(Class<T> type) throws InstantiationException {
    Object known = instances.get(type);
    if (known == null) {
      Object created = super.getEndpointInstance(type);
      known = instances.putIfAbsent(type, created);
      if (known == null) {
        known = created;
      }
    }
    return type.cast(known);
  }
}
