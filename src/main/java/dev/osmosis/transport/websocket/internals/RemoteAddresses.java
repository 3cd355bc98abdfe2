package dev.osmosis.transport.websocket.internals;

import jakarta.websocket.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The route to a WebSocket peer's address, for {@code $ClientIP} and the per-address caps; "" where
 * none.
 */
public final class RemoteAddresses {
  private static final System.Logger LOG = System.getLogger(RemoteAddresses.class.getName());
  private static final Internals<MethodHandle> GETTER =
      new Internals<>(
          LOG,
          "WebSocket peer addresses come from the session's getRemoteAddr()",
          "The WebSocket session has no getRemoteAddr(): $ClientIP will be empty and the"
              + " per-address caps count one empty address");

  private RemoteAddresses() {}

  /**
   * The peer's address. Jakarta WebSocket has no API for it; Tyrus (Payara's engine) has {@code
   * TyrusSession.getRemoteAddr()}, found once per session class so no compile-time dependency on
   * Tyrus.
   */
  public static String of(Session ws) {
    MethodHandle getter = GETTER.resolve(ws.getClass(), RemoteAddresses::lookup);
    if (getter == null) {
      return "";
    }
    try {
      String address = (String) getter.invoke(ws);
      return address == null ? "" : address;
    } catch (Throwable e) {
      return "";
    }
  }

  /** {@code getRemoteAddr()} on {@code type}, or null where it has none. */
  static MethodHandle lookup(Class<?> type) {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(type, "getRemoteAddr", MethodType.methodType(String.class))
          .asType(MethodType.methodType(String.class, Object.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
