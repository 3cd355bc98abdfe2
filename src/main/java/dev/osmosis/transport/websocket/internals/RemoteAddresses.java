package dev.osmosis.transport.websocket.internals;

import jakarta.websocket.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The route to a WebSocket peer's address, for {@code $ClientIP} and the per-address caps; "" where
 * none.
 */
public final class RemoteAddresses {
  private static final System.Logger LOG = System.getLogger(RemoteAddresses.class.getName());
  private static final ConcurrentHashMap<Class<?>, MethodHandle> REMOTE_ADDR =
      new ConcurrentHashMap<>();
  private static final MethodHandle NONE = MethodHandles.constant(String.class, "");

  private RemoteAddresses() {}

  /**
   * The peer's address. Jakarta WebSocket has no API for it; Tyrus (Payara's engine) has {@code
   * TyrusSession.getRemoteAddr()}, found once per session class so no compile-time dependency on
   * Tyrus.
   */
  public static String of(Session ws) {
    MethodHandle getter =
        REMOTE_ADDR.computeIfAbsent(
            ws.getClass(),
            type -> {
              try {
                return MethodHandles.publicLookup()
                    .findVirtual(type, "getRemoteAddr", MethodType.methodType(String.class));
              } catch (ReflectiveOperationException e) {
                LOG.log(
                    System.Logger.Level.WARNING,
                    "{0} has no getRemoteAddr(): $ClientIP will be empty",
                    type.getName());
                return NONE;
              }
            });
    try {
      String address = getter == NONE ? "" : (String) getter.invoke(ws);
      return address == null ? "" : address;
    } catch (Throwable e) {
      return "";
    }
  }
}
