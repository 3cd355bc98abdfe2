package dev.osmosis.transport.websocket;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may open a WebSocket or a polling connection (docs/SECURITY.md, "Origins").
 * An origin is compared as scheme, host and port (default ports made explicit, host
 * case-insensitive), never as text.
 *
 * <p>Allowed: an origin listed in {@code osmosis.allowedOrigins}; or the server's own origin — the
 * request's scheme with the host and port of its {@code Host} header — provided that host is listed
 * in {@code osmosis.allowedHosts} when that list is set. Without that list the own-origin rule
 * trusts the {@code Host} header, which the browser takes from the URL the page was loaded from: a
 * DNS-rebinding page (its name re-pointed at this server) then counts as same-origin. Setting
 * {@code osmosis.allowedHosts} (or listing the public origins and no hosts that an attacker's name
 * could reach) closes that.
 *
 * <p>Requests without an {@code Origin} header come from non-browser clients and are not this
 * policy's concern. Immutable and thread-safe.
 */
public final class OriginPolicy {
  private final Set<String> origins;
  private final Set<String> hosts;

  /**
   * @param allowedOrigins origins such as {@code https://app.example.com} or {@code
   *     http://localhost:8080}
   * @param allowedHosts host names (any port) or {@code host:port} the server answers to; empty:
   *     any host
   * @throws IllegalArgumentException naming an entry that is not an http(s) origin or a host
   */
  public OriginPolicy(Set<String> allowedOrigins, Set<String> allowedHosts) {
    Set<String> o = new LinkedHashSet<>();
    for (String origin : allowedOrigins) {
      String canonical = canonical(origin);
      if (canonical == null) {
        throw new IllegalArgumentException(
            "osmosis.allowedOrigins: '"
                + origin
                + "' is not an origin (scheme://host[:port], scheme http or https)");
      }
      o.add(canonical);
    }
    Set<String> h = new LinkedHashSet<>();
    for (String host : allowedHosts) {
      URI uri = parse("http://" + host);
      if (uri == null
          || uri.getHost() == null
          || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
        throw new IllegalArgumentException(
            "osmosis.allowedHosts: '" + host + "' is not a host or host:port");
      }
      h.add(uri.getPort() < 0 ? hostOf(uri) : hostOf(uri) + ":" + uri.getPort());
    }
    this.origins = Set.copyOf(o);
    this.hosts = Set.copyOf(h);
  }

  /**
   * Whether a request with this {@code Origin} may proceed.
   *
   * @param origin the {@code Origin} header (not null)
   * @param scheme the request's scheme, {@code http} or {@code https}
   * @param host the request's {@code Host} header, may be null
   */
  public boolean allows(String origin, String scheme, String host) {
    String canonical = canonical(origin);
    if (canonical == null) {
      return false;
    }
    if (origins.contains(canonical)) {
      return true;
    }
    if (host == null || scheme == null) {
      return false;
    }
    String own = canonical(scheme + "://" + host);
    return own != null && own.equals(canonical) && hostAllowed(URI.create(own));
  }

  private boolean hostAllowed(URI own) {
    return hosts.isEmpty()
        || hosts.contains(hostOf(own))
        || hosts.contains(hostOf(own) + ":" + own.getPort());
  }

  /**
   * {@code scheme://host:port} with the port made explicit, or null if {@code text} is not an
   * http(s) origin.
   */
  static String canonical(String text) {
    URI uri = parse(text.trim());
    if (uri == null
        || uri.getScheme() == null
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawPath() != null
            && !uri.getRawPath().isEmpty()
            && !uri.getRawPath().equals("/")) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    if (scheme.equals("http")) {
      port = port < 0 ? 80 : port;
    } else if (scheme.equals("https")) {
      port = port < 0 ? 443 : port;
    } else {
      return null;
    }
    return scheme + "://" + hostOf(uri) + ":" + port;
  }

  private static String hostOf(URI uri) {
    return uri.getHost().toLowerCase(Locale.ROOT);
  }

  private static URI parse(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
