package dev.osmosis.transport.websocket.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * The chain from a WebSocket to its servlet upgrade, on stand-ins shaped like Tyrus's, Catalina's
 * and Grizzly's objects (the same field and method names), and the step through Tyrus's proxy of
 * the upgrade handler.
 */
class UpgradeRouteTest {
  static final class HttpPacket {}

  public static final class GrizzlyRequest {
    final HttpPacket packet = new HttpPacket();

    public HttpPacket getRequest() {
      return packet;
    }
  }

  public static final class CatalinaRequest {
    final GrizzlyRequest coyote = new GrizzlyRequest();

    public GrizzlyRequest getCoyoteRequest() {
      return coyote;
    }
  }

  static final class WebConnection {
    final CatalinaRequest request = new CatalinaRequest();
  }

  /** Like {@code TyrusHttpUpgradeHandler}: its connection once {@code init} has run. */
  static class Handler {
    WebConnection wc;
    Object upgradeInfo = "the handshake";

    WebConnection getWebConnection() {
      return wc;
    }
  }

  /** Like Tyrus's {@code TyrusHttpUpgradeHandlerProxy}: forwards to the real handler. */
  static final class HandlerProxy extends Handler {
    private Handler handler;

    @Override
    WebConnection getWebConnection() {
      return handler.getWebConnection();
    }
  }

  static final class Writer {
    final Handler tyrusHttpUpgradeHandler;

    Writer(Handler h) {
      tyrusHttpUpgradeHandler = h;
    }
  }

  static final class Protocol {
    final Writer writer;

    Protocol(Writer w) {
      writer = w;
    }
  }

  static final class WebSocket {
    final Protocol protocolHandler;

    WebSocket(Handler h) {
      protocolHandler = new Protocol(new Writer(h));
    }
  }

  private static HandlerProxy proxyOf(Handler real) {
    HandlerProxy proxy = new HandlerProxy();
    proxy.handler = real;
    proxy.upgradeInfo = null; // the proxy's inherited fields are never set by Tyrus
    return proxy;
  }

  @Test
  void find_whenUpgradeFinished_thenEachStepReachesTheNextObject() throws Exception {
    Handler real = new Handler();
    real.wc = new WebConnection();
    WebSocket ws = new WebSocket(proxyOf(real));

    assertTrue(UpgradeRoute.finished(ws));
    UpgradeRoute route = UpgradeRoute.find(ws);

    Object upgrade = route.upgradeHandler(ws);
    assertSame(ws.protocolHandler.writer.tyrusHttpUpgradeHandler, upgrade);
    Object catalina = route.catalinaRequest(route.webConnection(upgrade));
    assertSame(real.wc.request, catalina);
    assertSame(real.wc.request.coyote.packet, route.httpRequest(route.grizzlyRequest(catalina)));
  }

  @Test
  void finished_whenInitHasNotRun_thenFalse_andWhenNotTyrus_thenTrueSoFindReportsIt() {
    assertEquals(false, UpgradeRoute.finished(new WebSocket(proxyOf(new Handler()))));
    assertTrue(UpgradeRoute.finished("not a WebSocket"));
    assertThrows(NoSuchFieldException.class, () -> UpgradeRoute.find("not a WebSocket"));
  }

  @Test
  void proxiedField_whenTyrusProxy_thenTheRealHandlersField_elseNull() throws Exception {
    Handler real = new Handler();
    HandlerProxy proxy = proxyOf(real);

    Field proxied = UpgradeLeftovers.proxiedField(HandlerProxy.class);

    assertSame(real, proxied.get(proxy), "the upgrade info is on the real handler, not the proxy");
    assertNull(UpgradeLeftovers.proxiedField(Handler.class), "not a proxy: used as it is");
  }
}
