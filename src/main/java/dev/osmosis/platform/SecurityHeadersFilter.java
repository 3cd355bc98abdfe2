package dev.osmosis.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Browser hardening headers on every response of the application: pages, scripts, the admin API,
 * the polling transport and WebSocket handshakes (docs/SECURITY.md, "Response headers"). The pages
 * under {@code war/} load their scripts and styles from files of this server only (no inline
 * script, style element or style attribute), so the content security policy allows {@code 'self'}
 * and nothing inline. {@code connect-src} stays open to any WebSocket or HTTP server: the browser
 * client on these pages may connect to another Osmosis server (its {@code host}/{@code port}
 * options; BrowserIT connects to a port with no server and expects CONNECTION_ERROR, not a
 * CSP-blocked connection that never answers). Nothing may frame the pages (clickjacking of the
 * console).
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class SecurityHeadersFilter extends HttpFilter {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; "
          + "img-src 'self' data:; connect-src 'self' ws: wss: http: https:; object-src 'none'; base-uri 'none'; "
          + "form-action 'self'; "
          + "frame-ancestors 'none'";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Frame-Options", "DENY");
    chain.doFilter(request, response);
  }
}
