package dev.osmosis.transport.websocket;

import dev.osmosis.ingress.IngressHandlers;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses a handshake to {@code /ws/{name}} with 404 when no ingress handler has that name. It must
 * be a filter: by the time a WebSocket configurator runs, the engine has decided to upgrade and can
 * no longer answer 404.
 */
@WebFilter(urlPatterns = "/ws/*")
public class IngressFilter extends HttpFilter {
  @Inject IngressHandlers handlers;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String name = path.startsWith("/ws/") ? path.substring(4) : "";
    if (handlers.find(name).isEmpty()) {
      response.sendError(
          HttpServletResponse.SC_NOT_FOUND, "no ingress handler named '" + name + "'");
      return;
    }
    chain.doFilter(request, response);
  }
}
