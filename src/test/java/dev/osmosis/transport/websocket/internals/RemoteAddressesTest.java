package dev.osmosis.transport.websocket.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class RemoteAddressesTest {
  /** Tyrus's {@code TyrusSession.getRemoteAddr()}, as the route looks it up. */
  public interface WithRemoteAddr {
    String getRemoteAddr();
  }

  private static Session session(String address, Class<?>... types) {
    return (Session)
        Proxy.newProxyInstance(
            RemoteAddressesTest.class.getClassLoader(),
            types,
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getRemoteAddr" -> address;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> null;
                });
  }

  @Test
  void of_whenTheSessionHasGetRemoteAddr_thenTheRouteEngages() {
    assertEquals(
        "10.0.0.7", RemoteAddresses.of(session("10.0.0.7", Session.class, WithRemoteAddr.class)));
  }

  @Test
  void of_whenTheSessionHasNoGetRemoteAddr_thenFallsBackToEmpty() {
    assertEquals("", RemoteAddresses.of(session("10.0.0.7", Session.class)));
  }

  @Test
  void of_whenGetRemoteAddrAnswersNull_thenEmpty() {
    assertEquals("", RemoteAddresses.of(session(null, Session.class, WithRemoteAddr.class)));
  }
}
