package dev.osmosis.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.osmosis.session.ConnectionLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A handshake holds its address's place only if it upgraded; refused ones give it back at once. */
class HandshakeCapFilterTest {
  final HandshakeCapFilter filter = new HandshakeCapFilter();
  final WebSocketAddresses addresses = new WebSocketAddresses();

  HandshakeCapFilterTest() {
    addresses.limits = new ConnectionLimits(2, 100);
    addresses.init();
    filter.addresses = addresses;
  }

  @Test
  void doFilter_whenHandshakeRefusedDownTheChain_thenPlaceGivenBack() throws Exception {
    for (int status : new int[] {403, 404, 400}) {
      Response response = new Response();
      filter.doFilter(
          upgrade("10.0.0.7"),
          response.proxy(),
          (req, res) -> ((HttpServletResponse) res).setStatus(status));
      assertEquals(0, addresses.held("10.0.0.7"), "after " + status);
    }
  }

  @Test
  void doFilter_whenUpgradedUpToTheCap_thenNextRefused429() throws Exception {
    FilterChain upgrades = (req, res) -> ((HttpServletResponse) res).setStatus(101);
    filter.doFilter(upgrade("10.0.0.7"), new Response().proxy(), upgrades);
    filter.doFilter(upgrade("10.0.0.7"), new Response().proxy(), upgrades);
    assertEquals(2, addresses.held("10.0.0.7"));

    Response refused = new Response();
    filter.doFilter(
        upgrade("10.0.0.7"),
        refused.proxy(),
        (req, res) -> {
          throw new AssertionError("past the cap the handshake must not reach the engine");
        });
    assertEquals(429, refused.error);
    assertEquals(2, addresses.held("10.0.0.7"));

    filter.doFilter(upgrade("10.0.0.8"), new Response().proxy(), upgrades);
    assertEquals(1, addresses.held("10.0.0.8"), "per address");
  }

  @Test
  void doFilter_whenChainThrows_thenPlaceGivenBack() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class,
        () ->
            filter.doFilter(
                upgrade("10.0.0.7"),
                new Response().proxy(),
                (req, res) -> {
                  throw new IllegalStateException("engine failure");
                }));
    assertEquals(0, addresses.held("10.0.0.7"));
  }

  @Test
  void doFilter_whenNoUpgradeHeader_thenNotCounted() throws Exception {
    HttpServletRequest plain = request(Map.of(), "10.0.0.7");
    filter.doFilter(
        plain, new Response().proxy(), (req, res) -> ((HttpServletResponse) res).setStatus(200));
    assertEquals(0, addresses.held("10.0.0.7"));
  }

  private static HttpServletRequest upgrade(String address) {
    return request(Map.of("Upgrade", "WebSocket"), address);
  }

  private static HttpServletRequest request(Map<String, String> headers, String address) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            HttpServletRequest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getHeader" -> headers.get((String) args[0]);
                  case "getRemoteAddr" -> address;
                  default -> null;
                });
  }

  /** A response that keeps its status and the error sent. */
  static final class Response {
    int status = 200;
    int error;

    HttpServletResponse proxy() {
      return (HttpServletResponse)
          Proxy.newProxyInstance(
              HttpServletResponse.class.getClassLoader(),
              new Class<?>[] {HttpServletResponse.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "setStatus" -> status = (Integer) args[0];
                  case "sendError" -> error = (Integer) args[0];
                  case "getStatus" -> {
                    return status;
                  }
                  default -> {}
                }
                return null;
              });
    }
  }
}
