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
 * Cross-site WebSocket hijacking guard (OWASP WebSocket cheat sheet): a handshake that carries an
 * {@code Origin} is refused with 403 unless {@link OriginPolicy} allows it (listed in {@code
 * osmosis.allowedOrigins}, or this server's own scheme, host and port, the host in {@code
 * osmosis.allowedHosts} when set). Requests without an {@code Origin} come from non-browser clients
 * and pass. The same check guards the HTTP polling transport ({@code /osmosis/poll}, with its JSON
 * error body). Declared filters run before Tyrus's upgrade filter, so a refused handshake never
 * upgrades.
 */
// asyncSupported: a held poll (AsyncResponse) suspends its request, which every filter on the chain
// must allow
@WebFilter(
    urlPatterns = {"/osmosis", "/osmosis/*", "/ws/*"},
    asyncSupported = true)
public class OriginFilter extends HttpFilter {
  private static final System.Logger LOG = System.getLogger(OriginFilter.class.getName());

  @Inject OriginPolicy policy;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String origin = request.getHeader("Origin");
    if (origin == null || policy.allows(origin, request.getScheme(), request.getHeader("Host"))) {
      chain.doFilter(request, response);
      return;
    }
    LOG.log(
        System.Logger.Level.INFO,
        "refused a handshake from origin {0} (not same-origin, not in osmosis.allowedOrigins/allowedHosts)",
        origin);
    if (request.getRequestURI().startsWith(request.getContextPath() + "/osmosis/poll")) {
      // the polling transport answers every refusal with its JSON error body (docs/PROTOCOL.md §13)
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response
          .getWriter()
          .write(
              jakarta.json.Json.createObjectBuilder()
                  .add("code", 4403)
                  .add("message", "Origin not allowed: " + origin)
                  .build()
                  .toString());
      return;
    }
    response.sendError(HttpServletResponse.SC_FORBIDDEN, "Origin not allowed: " + origin);
  }
}
