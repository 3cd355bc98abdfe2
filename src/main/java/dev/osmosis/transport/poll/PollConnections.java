package dev.osmosis.transport.poll;

import dev.osmosis.sweep.Sweep;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The open HTTP polling connections by connection id (docs/PROTOCOL.md §13), with the per-address
 * limit. Ids are 128 random bits from a {@link SecureRandom}, base64url without padding:
 * unguessable, because an id is a capability. The EJB sweep ({@code platform.ExpirySweeper}) runs
 * {@link #sweep} every second: held polls expire into 204 answers, silent connections are dropped,
 * handshakes time out. Thread-safe.
 */
public final class PollConnections implements Sweep {
  /**
   * How much longer than the hold time a connection may go without a poll before it counts as lost.
   */
  static final long GRACE_MILLIS = 10_000;

  private final long holdMillis;
  private final long handshakeTimeoutMillis;
  private final int maxPerAddress;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, PollConnection> open = new ConcurrentHashMap<>();
  private final Map<String, Integer> perAddress = new HashMap<>();

  public PollConnections(long holdMillis, long handshakeTimeoutMillis, int maxPerAddress) {
    this.holdMillis = holdMillis;
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    this.maxPerAddress = maxPerAddress;
  }

  long holdMillis() {
    return holdMillis;
  }

  /**
   * Registers a new connection from {@code address}, made by {@code factory} from a fresh id.
   *
   * @throws PollRefusal 429 if {@code address} already has the most connections allowed
   */
  PollConnection open(String address, Function<String, PollConnection> factory) {
    synchronized (perAddress) {
      int count = perAddress.getOrDefault(address, 0);
      if (count >= maxPerAddress) {
        throw new PollRefusal(
            429, "more than " + maxPerAddress + " polling connections from one address");
      }
      perAddress.put(address, count + 1);
    }
    String cid;
    do {
      byte[] bits = new byte[16];
      random.nextBytes(bits);
      cid = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    } while (open.containsKey(cid));
    PollConnection connection = factory.apply(cid);
    open.put(cid, connection);
    return connection;
  }

  /** The open connection with this id, or null (unknown, ended, or not an id at all). */
  PollConnection get(String cid) {
    PollConnection connection = cid == null ? null : open.get(cid);
    return connection == null || connection.isEnded() ? null : connection;
  }

  /** Forgets an ended connection (its {@code onEnd}). */
  void remove(PollConnection connection) {
    if (open.remove(connection.cid(), connection)) {
      synchronized (perAddress) {
        perAddress.computeIfPresent(connection.remoteAddress(), (a, n) -> n > 1 ? n - 1 : null);
      }
    }
  }

  int size() {
    return open.size();
  }

  @Override
  public String sweepName() {
    return "the polling sweep";
  }

  /**
   * One pass at {@code now} (epoch ms, the injected clock): held polls expire, silent connections
   * are dropped.
   */
  @Override
  public void sweep(long now) {
    open.values().forEach(c -> c.sweep(now, handshakeTimeoutMillis, holdMillis + GRACE_MILLIS));
  }
}
