package dev.osmosis.transport.websocket.internals;

import java.lang.reflect.Array;
import java.lang.reflect.Method;

/**
 * Takes Payara's per-write byte probe off an upgraded WebSocket connection. Grizzly copies its
 * transport's connection probes into every connection it accepts ({@code
 * NIOTransport.configureNIOConnection}) and calls each of them on every read and write ({@code
 * NIOConnection.notifyProbesWrite}). Payara registers two on its HTTP listeners: {@code
 * ConnectionMonitor} (connections accepted, connected and closed for the connection-queue
 * statistics; its read and write events do nothing) and an adapter of {@code VirtualServer} that
 * reports every read and write's byte count to the HTTP monitoring ({@code
 * RequestProbeProvider.dataReceivedEvent/dataSentEvent}). Once a connection is a WebSocket, that
 * adapter only counts WebSocket bytes as HTTP traffic, on every frame (a small share of a frame's
 * CPU: docs/BENCHMARKS.md, profile). With {@code osmosis.removeWebSocketByteProbes} (default true)
 * it is removed from THAT connection's own probe list ({@code MonitoringConfig.removeProbes}): the
 * listener, other connections and the connection monitor keep theirs. What monitoring loses:
 * WebSocket bytes in Payara's HTTP bytes-sent/received statistics; Osmosis's {@code /metrics} still
 * counts its frames and messages written.
 *
 * <p>The probe is recognised by its class (declared in {@code
 * com.sun.enterprise.web.VirtualServer}); anything unexpected (no such probe, no monitoring config,
 * a removal that did not take) and the connection keeps its probes, reported as {@code not-found}
 * ({@link #state()}; SessionsIT asserts {@code removed}).
 */
final class ConnectionProbes {
  private static final System.Logger LOG = System.getLogger(ConnectionProbes.class.getName());

  /** The class name prefix of Payara's HTTP byte-count probe (an anonymous class). */
  static final String BYTE_PROBE = "com.sun.enterprise.web.VirtualServer$";

  private static final Internals<Route> ROUTE =
      new Internals<>(
          LOG,
          "Payara's per-write byte probe is taken off WebSocket connections",
          "Payara's per-write byte probe stays on WebSocket connections (monitoring config not"
              + " reachable)");

  private record Route(Method monitoringConfig, Method getProbes, Method removeProbes) {}

  private static volatile boolean remove = true;
  private static volatile String state = "unknown";

  private ConnectionProbes() {}

  /** {@code osmosis.removeWebSocketByteProbes}: false keeps the probe on every connection. */
  static void remove(boolean on) {
    remove = on;
  }

  /**
   * {@code removed} once a connection's byte probe was taken off (and its probe list checked after
   * it), {@code kept} (the setting is off), {@code not-found} (the container's probe or its
   * monitoring config was not found: the fallback), {@code unknown} before the first WebSocket
   * connection.
   */
  static String state() {
    return state;
  }

  /**
   * Takes the byte probe off {@code connection} (a Grizzly connection), once, after the upgrade.
   */
  static void strip(Object connection) {
    if (!remove) {
      state = "kept";
      return;
    }
    Route route = ROUTE.resolve(connection.getClass(), ConnectionProbes::lookup);
    if (route == null) {
      state = "not-found";
      return;
    }
    try {
      Object config = route.monitoringConfig.invoke(connection);
      Object[] probes = (Object[]) route.getProbes.invoke(config);
      Object[] bytes = byteProbes(probes);
      if (bytes.length == 0) {
        state = "not-found";
        return;
      }
      route.removeProbes.invoke(config, (Object) bytes);
      state =
          byteProbes((Object[]) route.getProbes.invoke(config)).length == 0
              ? "removed"
              : "not-found";
    } catch (ReflectiveOperationException | RuntimeException e) {
      state = "not-found";
      LOG.log(System.Logger.Level.DEBUG, "connection probes not changed: {0}", e);
    }
  }

  /** The byte probes among {@code probes}, in an array of the same component type. */
  static Object[] byteProbes(Object[] probes) {
    int n = 0;
    for (Object probe : probes) {
      if (isByteProbe(probe)) {
        n++;
      }
    }
    Object[] found = (Object[]) Array.newInstance(probes.getClass().getComponentType(), n);
    int i = 0;
    for (Object probe : probes) {
      if (isByteProbe(probe)) {
        found[i++] = probe;
      }
    }
    return found;
  }

  private static boolean isByteProbe(Object probe) {
    return probe != null && probe.getClass().getName().startsWith(BYTE_PROBE);
  }

  private static Route lookup(Class<?> connectionType) {
    try {
      Method config = connectionType.getMethod("getMonitoringConfig");
      Class<?> type = config.getReturnType();
      return new Route(
          config, type.getMethod("getProbes"), type.getMethod("removeProbes", Object[].class));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(System.Logger.Level.INFO, "Grizzly connection monitoring config not reachable: " + e);
      return null;
    }
  }
}
