package dev.osmosis.transport.websocket;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses a WebSocket handshake to {@code /osmosis} or {@code /ws/{name}} with 429 when its remote
 * address already has {@code osmosis.maxWebSocketsPerAddress} WebSockets open ({@link
 * WebSocketAddresses}). A filter, like {@link OriginFilter}: once the engine upgrades, a
 * configurator can no longer answer with an HTTP status.
 */
@WebFilter(urlPatterns = {"/osmosis", "/ws/*"})
public class HandshakeCapFilter extends HttpFilter {
  private static final System.Logger LOG = System.getLogger(HandshakeCapFilter.class.getName());

  @Inject WebSocketAddresses addresses;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      chain.doFilter(request, response);
      return;
    }
    String address = request.getRemoteAddr();
    if (!addresses.tryAcquire(address)) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "refused a WebSocket handshake from {0}: at the per-address cap",
          address);
      response.sendError(
          429,
          "more than "
              + addresses.max()
              + " WebSocket connections from one address (osmosis.maxWebSocketsPerAddress)");
      return;
    }
    boolean upgraded = false;
    try {
      chain.doFilter(request, response);
      upgraded = response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS;
    } finally {
      if (!upgraded) {
        addresses.release(
            address); // refused (origin, unknown handler, bad handshake): it holds nothing
      }
    }
  }
}
