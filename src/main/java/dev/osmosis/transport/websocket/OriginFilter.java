package dev.osmosis.transport.websocket;

import dev.osmosis.session.ServerSettings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;

/**
 * Cross-site WebSocket hijacking guard (OWASP WebSocket cheat sheet): a handshake that carries an {@code Origin}
 * is refused with 403 unless the origin is this server's own (same host and port as the {@code Host} header) or
 * listed in {@code osmosis.allowedOrigins} (exact match). Requests without an {@code Origin} come from non-browser
 * clients and pass. Declared filters run before Tyrus's upgrade filter, so a refused handshake never upgrades.
 */
@WebFilter(urlPatterns = {"/osmosis", "/osmosis/*", "/ws/*"})
public class OriginFilter extends HttpFilter {
  private static final System.Logger LOG = System.getLogger(OriginFilter.class.getName());

  @Inject ServerSettings settings;

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String origin = request.getHeader("Origin");
    if (origin == null || isAllowed(origin, request.getHeader("Host"))) {
      chain.doFilter(request, response);
      return;
    }
    LOG.log(System.Logger.Level.INFO, "refused a handshake from origin {0} (not same-origin, not in osmosis.allowedOrigins)", origin);
    response.sendError(HttpServletResponse.SC_FORBIDDEN, "Origin not allowed: " + origin);
  }

  boolean isAllowed(String origin, String host) {
    if (settings.allowedOrigins().contains(origin)) {
      return true;
    }
    try {
      URI uri = URI.create(origin);
      String authority = uri.getRawAuthority();
      return authority != null && host != null && authority.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
