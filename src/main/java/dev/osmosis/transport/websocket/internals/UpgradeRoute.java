package dev.osmosis.transport.websocket.internals;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * The reflective chain from a Tyrus {@code TyrusWebSocket} to the servlet upgrade that carries it,
 * shared by the routes that need it ({@link GrizzlyFrames}, {@link UpgradeLeftovers}): the
 * WebSocket's protocol handler, its servlet writer, Tyrus's {@code TyrusHttpUpgradeHandler} (Tyrus
 * hands the writer a proxy of it; {@code getWebConnection()} reaches the real one), its {@code
 * WebConnection}, the connection's Catalina request, the Grizzly request under it ({@code
 * getCoyoteRequest()}) and its HTTP request packet ({@code getRequest()}). Found once, by {@link
 * #find}, on a WebSocket whose upgrade has finished ({@link #finished}); each step is then one
 * field read or call.
 */
record UpgradeRoute(
    Field protocolHandler,
    Field writer,
    Field upgradeHandler,
    Method webConnection,
    Field request,
    Method coyoteRequest,
    Method httpRequest) {

  /**
   * The route as found on {@code webSocket}, a {@code TyrusWebSocket} whose upgrade has finished.
   *
   * @throws ReflectiveOperationException a step is missing: the caller's fallback applies
   */
  static UpgradeRoute find(Object webSocket) throws ReflectiveOperationException {
    Field protocolHandler = Internals.field(webSocket.getClass(), "protocolHandler");
    Object protocol = protocolHandler.get(webSocket);
    Field writer = Internals.field(protocol.getClass(), "writer");
    Object servletWriter = writer.get(protocol);
    Field upgradeHandler = Internals.field(servletWriter.getClass(), "tyrusHttpUpgradeHandler");
    Object upgrade = upgradeHandler.get(servletWriter);
    Method webConnection = Internals.method(upgrade.getClass(), "getWebConnection");
    Object wc = webConnection.invoke(upgrade);
    Field request = Internals.field(wc.getClass(), "request");
    Method coyoteRequest = request.get(wc).getClass().getMethod("getCoyoteRequest");
    Method httpRequest = coyoteRequest.invoke(request.get(wc)).getClass().getMethod("getRequest");
    return new UpgradeRoute(
        protocolHandler,
        writer,
        upgradeHandler,
        webConnection,
        request,
        coyoteRequest,
        httpRequest);
  }

  /**
   * Whether Tyrus's upgrade handler of {@code webSocket} has its {@code WebConnection} (set after
   * the endpoint's onOpen), found without a route (used until one is found); true where the chain
   * is not as expected, so that {@link #find} finds out, and its caller logs, what is not there.
   */
  static boolean finished(Object webSocket) {
    try {
      Object protocol = Internals.field(webSocket.getClass(), "protocolHandler").get(webSocket);
      Object servletWriter = Internals.field(protocol.getClass(), "writer").get(protocol);
      Object upgrade =
          Internals.field(servletWriter.getClass(), "tyrusHttpUpgradeHandler").get(servletWriter);
      return Internals.method(upgrade.getClass(), "getWebConnection").invoke(upgrade) != null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true;
    }
  }

  /** Tyrus's upgrade handler (the proxy the servlet writer holds) of {@code webSocket}. */
  Object upgradeHandler(Object webSocket) throws IllegalAccessException {
    return upgradeHandler.get(writer.get(protocolHandler.get(webSocket)));
  }

  /** The upgrade's {@code WebConnection}; null until the upgrade handler's {@code init}. */
  Object webConnection(Object upgrade) throws ReflectiveOperationException {
    return webConnection.invoke(upgrade);
  }

  /** The Catalina request of a {@code WebConnection}. */
  Object catalinaRequest(Object webConnection) throws IllegalAccessException {
    return request.get(webConnection);
  }

  /** The Grizzly request under a Catalina request. */
  Object grizzlyRequest(Object catalinaRequest) throws ReflectiveOperationException {
    return coyoteRequest.invoke(catalinaRequest);
  }

  /** The HTTP request packet of a Grizzly request. */
  Object httpRequest(Object grizzlyRequest) throws ReflectiveOperationException {
    return httpRequest.invoke(grizzlyRequest);
  }
}
