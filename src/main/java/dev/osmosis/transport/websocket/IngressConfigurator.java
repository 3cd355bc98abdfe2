package dev.osmosis.transport.websocket;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Captures the handshake's request headers for {@link IngressEndpoint} (Jakarta WebSocket gives an
 * open session its URI and query parameters, but not its headers). They travel in the user
 * properties, which Tyrus copies into each new session; RoomsIT checks with concurrent handshakes
 * that each session sees its own headers.
 */
public class IngressConfigurator extends SharedEndpointConfigurator {
  static final String HEADERS = IngressConfigurator.class.getName() + ".headers";

  @Override
  public void modifyHandshake(
      ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
    Map<String, List<String>> headers = request.getHeaders();
    config.getUserProperties().put(HEADERS, headers == null ? Map.of() : Map.copyOf(headers));
  }
}
