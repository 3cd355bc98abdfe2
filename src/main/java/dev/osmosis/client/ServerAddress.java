package dev.osmosis.client;

import java.util.Locale;
import java.util.Objects;

/**
 * The server a {@link SessionFactory} opens sessions with when {@link SessionFactory#open()} is
 * called without a URL (seed 002 "Connection parameters"): host, port and whether the connection is
 * secure. The defaults follow seed 002: {@code localhost}, port 80, or 443 when secure.
 *
 * @param host the host name or address; never null
 * @param port 1 to 65535, or 0 for the default of the scheme (80, or 443 when secure)
 * @param secure {@code wss://} (TLS) rather than {@code ws://}
 */
record ServerAddress(String host, int port, boolean secure) {

  static final ServerAddress DEFAULT = new ServerAddress("localhost", 0, false);

  ServerAddress {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("serverHost must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("serverPort must be from 1 to 65535, got " + port);
    }
  }

  ServerAddress withHost(String newHost) {
    return new ServerAddress(newHost, port, secure);
  }

  ServerAddress withPort(int newPort) {
    if (newPort == 0) {
      throw new IllegalArgumentException("serverPort must be from 1 to 65535, got 0");
    }
    return new ServerAddress(host, newPort, secure);
  }

  ServerAddress withSecure(boolean newSecure) {
    return new ServerAddress(host, port, newSecure);
  }

  /** The URL form of seed 002, {@code transport[s]://host:port}: e.g. {@code ws://localhost:80}. */
  String url() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    int p = port != 0 ? port : secure ? 443 : 80;
    return (secure ? "wss" : "ws") + "://" + h.toLowerCase(Locale.ROOT) + ":" + p;
  }
}
