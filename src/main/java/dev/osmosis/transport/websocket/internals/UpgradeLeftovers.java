package dev.osmosis.transport.websocket.internals;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Releases what the servlet upgrade of a WebSocket keeps for the connection's life although its I/O
 * never uses it again (BENCHMARKS.md "Idle memory"), once per session, after the upgrade has
 * finished:
 *
 * <ul>
 *   <li>Tyrus's upgrade info on its {@code TyrusHttpUpgradeHandler} (behind the proxy Tyrus hands
 *       the servlet writer) ({@code upgradeInfo}: the handshake's {@code RequestContext}, a copy of
 *       its headers and parameters, and the upgrade response), read only by the handler's {@code
 *       init}, which has run: the session keeps its own copies (URI, parameters, principal,
 *       addresses);
 *   <li>the two 1,024-char scratch buffers of Grizzly's request {@code Parameters} ({@code
 *       tmpNameC}, {@code tmpValueC}), used only while parameters are parsed, done before the
 *       upgrade: {@code CharChunk.reset()} drops them and a later parse allocates again;
 *   <li>the parsed header fields of the upgrade's HTTP request and response ({@code MimeHeaders}):
 *       the response (101) is committed and the request's headers were copied by Tyrus into the
 *       handshake; they are recycled and their slots emptied, so a later use creates fields again.
 * </ul>
 *
 * Released once the request thread that ran the upgrade has left Catalina's service ({@link
 * #release}). Reached by reflection through Tyrus's and Catalina's objects, the route found once
 * per JVM (an {@link Internals}); where any step is missing nothing is released and the session
 * works as before. {@link #state()} reports what the last release did ({@code GET /api/v1/server},
 * {@code webSocketUpgradeRelease}), and SessionsIT asserts it on a live session.
 */
public final class UpgradeLeftovers {
  private static final System.Logger LOG = System.getLogger(UpgradeLeftovers.class.getName());
  private static final Internals<Route> ROUTE =
      new Internals<>(
          LOG,
          "WebSocket sessions release the servlet upgrade's handshake copy, parameter buffers and"
              + " parsed headers once open",
          "WebSocket sessions keep the servlet upgrade's objects (the release route is not"
              + " reachable)");

  private static volatile String state = "unknown";

  private record Route(
      Field webSocket,
      UpgradeRoute upgrade,
      Field proxied,
      Field upgradeInfo,
      Field afterService,
      Field parameters,
      Field nameChars,
      Field valueChars,
      Method resetChars,
      Method charsBuffer,
      Method response,
      Method headers,
      Method recycleHeaders,
      Field headerSlots) {}

  private UpgradeLeftovers() {}

  /**
   * {@code released} once a session's leftovers were released and found empty afterwards, {@code
   * unavailable} where the route is missing, {@code partial} where a release left something, {@code
   * unknown} before the first release.
   */
  public static String state() {
    return state;
  }

  /** What {@link #release} did. */
  public enum Outcome {
    /** Everything released and read empty afterwards. */
    RELEASED,
    /** The container's request thread has not left the servlet service yet: try again later. */
    NOT_YET,
    /** Not released (route missing, or something left): do not try again. */
    FAILED
  }

  /**
   * Releases the upgrade's leftovers of the WebSocket session {@code ws}. Call from the session's
   * first message on (Tyrus delivers no message before its upgrade handler's {@code init} has
   * returned); {@link Outcome#NOT_YET} while the request thread that ran the upgrade is still on
   * its way out of Catalina's service (its valves, trace filter and probes read the request and
   * response after {@code init}): Catalina's {@code afterService} flag, set as it leaves, says when
   * it has.
   */
  public static Outcome release(jakarta.websocket.Session ws) {
    try {
      Object remote = ws.getBasicRemote();
      Route r = ROUTE.resolve(() -> lookup(remote));
      if (r == null) {
        state = "unavailable";
        return Outcome.FAILED;
      }
      UpgradeRoute u = r.upgrade;
      Object upgrade = u.upgradeHandler(r.webSocket.get(remote));
      Object catalina = u.catalinaRequest(u.webConnection(upgrade));
      if (!r.afterService.getBoolean(catalina)) {
        return Outcome.NOT_YET;
      }
      Object handler = handlerOf(r, upgrade);
      r.upgradeInfo.set(handler, null);
      Object grizzly = u.grizzlyRequest(catalina);
      Object parameters = r.parameters.get(grizzly);
      r.resetChars.invoke(r.nameChars.get(parameters));
      r.resetChars.invoke(r.valueChars.get(parameters));
      Object http = u.httpRequest(grizzly);
      emptyHeaders(r, r.headers.invoke(http));
      emptyHeaders(r, r.headers.invoke(r.response.invoke(http)));
      boolean done = released(r, handler, parameters, http);
      state = done ? "released" : "partial";
      return done ? Outcome.RELEASED : Outcome.FAILED;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "upgrade leftovers not released for this session", e);
      state = "partial";
      return Outcome.FAILED;
    }
  }

  /**
   * The upgrade handler that holds the upgrade info: the servlet writer's is Tyrus's proxy ({@code
   * TyrusServletUpgrade$TyrusHttpUpgradeHandlerProxy}, a subclass whose own inherited fields stay
   * empty), which forwards every call to the handler in its {@code handler} field.
   */
  private static Object handlerOf(Route r, Object upgrade) throws IllegalAccessException {
    return r.proxied == null ? upgrade : r.proxied.get(upgrade);
  }

  /**
   * The proxy's field that holds the real handler: a field of {@code type} itself (not inherited)
   * whose type is {@code type}'s superclass; null where the handler is not a proxy.
   */
  static Field proxiedField(Class<?> type) {
    for (Field f : type.getDeclaredFields()) {
      if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())
          && f.getType() == type.getSuperclass()
          && f.getType() != Object.class) {
        f.setAccessible(true);
        return f;
      }
    }
    return null;
  }

  private static void emptyHeaders(Route r, Object headers) throws ReflectiveOperationException {
    r.recycleHeaders.invoke(headers); // count = 0, every field recycled
    Arrays.fill((Object[]) r.headerSlots.get(headers), null);
  }

  /** Whether every released part reads empty now. */
  private static boolean released(Route r, Object handler, Object parameters, Object http)
      throws ReflectiveOperationException {
    return r.upgradeInfo.get(handler) == null
        && r.charsBuffer.invoke(r.nameChars.get(parameters)) == null
        && r.charsBuffer.invoke(r.valueChars.get(parameters)) == null
        && empty((Object[]) r.headerSlots.get(r.headers.invoke(http)))
        && empty((Object[]) r.headerSlots.get(r.headers.invoke(r.response.invoke(http))));
  }

  private static boolean empty(Object[] slots) {
    for (Object slot : slots) {
      if (slot != null) {
        return false;
      }
    }
    return true;
  }

  private static Route lookup(Object remote) {
    try {
      Field webSocket = Internals.field(remote.getClass(), "webSocket");
      Object ws = webSocket.get(remote);
      UpgradeRoute u = UpgradeRoute.find(ws);
      Object upgrade = u.upgradeHandler(ws);
      Field proxied = proxiedField(upgrade.getClass());
      Object handler = proxied == null ? upgrade : proxied.get(upgrade);
      Field upgradeInfo = Internals.field(handler.getClass(), "upgradeInfo");
      Object catalina = u.catalinaRequest(u.webConnection(upgrade));
      Field afterService = Internals.field(catalina.getClass(), "afterService");
      Object grizzly = u.grizzlyRequest(catalina);
      Field parameters = Internals.field(grizzly.getClass(), "parameters");
      Class<?> parametersType = parameters.getType();
      Field nameChars = Internals.field(parametersType, "tmpNameC");
      Field valueChars = Internals.field(parametersType, "tmpValueC");
      Method resetChars = nameChars.getType().getMethod("reset");
      Method charsBuffer = nameChars.getType().getMethod("getBuffer");
      Method httpRequest = u.httpRequest();
      Method response = httpRequest.getReturnType().getMethod("getResponse");
      Method headers = httpRequest.getReturnType().getMethod("getHeaders");
      Method recycleHeaders = headers.getReturnType().getMethod("recycle");
      Field headerSlots = Internals.field(headers.getReturnType(), "headers");
      if (!headerSlots.getType().isArray()
          || charsBuffer.getReturnType() != char[].class
          || afterService.getType() != boolean.class) {
        return null;
      }
      return new Route(
          webSocket,
          u,
          proxied,
          upgradeInfo,
          afterService,
          parameters,
          nameChars,
          valueChars,
          resetChars,
          charsBuffer,
          response,
          headers,
          recycleHeaders,
          headerSlots);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(System.Logger.Level.INFO, "the servlet upgrade's leftovers are not reachable: " + e);
      return null;
    }
  }
}
