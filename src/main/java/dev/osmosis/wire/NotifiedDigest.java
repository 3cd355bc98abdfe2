package dev.osmosis.wire;

/**
 * The digest of the topics a session was told of by its notification selections (docs/PROTOCOL.md
 * §12 "Resuming notifications"): how many, and the XOR of each path's 64-bit FNV-1a hash over its
 * UTF-16 code units. The client keeps it as notifications arrive ({@code SELECTED}/{@code ADDED}
 * add a path, {@code REMOVED}/{@code DESELECTED} remove it) and sends it with a reconnect; the node
 * that resumes the session after its node died computes its own from the topics it counts as
 * notified, and only when the two differ sends the list. Order-independent and updated one path at
 * a time. Not thread-safe.
 */
public final class NotifiedDigest {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private long count;
  private long hash;
  private final NotifiedDigest descendants;

  public NotifiedDigest() {
    this.descendants = null;
  }

  /** A digest as sent: {@code hash} as {@link #hex()} writes it. */
  public NotifiedDigest(long count, long hash) {
    this(count, hash, null);
  }

  /**
   * A digest as sent, with the digest of the immediate descendants the client was told of ({@code
   * "descendants"} in {@code "notified"}), or null when it sent none (an older client).
   */
  public NotifiedDigest(long count, long hash, NotifiedDigest descendants) {
    this.count = count;
    this.hash = hash;
    this.descendants = descendants;
  }

  /**
   * The digest of the immediate descendants (descendant notifications: {@code SELECTED}/{@code
   * ADDED} in, {@code REMOVED}/{@code DESELECTED} out) sent beside this one, or null.
   */
  public NotifiedDigest descendants() {
    return descendants;
  }

  /** Counts {@code path} in (a topic newly notified). */
  public void add(String path) {
    count++;
    hash ^= hash(path);
  }

  /** Counts {@code path} out (a topic notified before, no longer). */
  public void remove(String path) {
    count--;
    hash ^= hash(path);
  }

  public long count() {
    return count;
  }

  public long hash() {
    return hash;
  }

  /** The hash as 16 lower-case hexadecimal digits (the wire form). */
  public String hex() {
    return String.format("%016x", hash);
  }

  /** Parses {@link #hex()}; {@link IllegalArgumentException} if it is not 1 to 16 hex digits. */
  public static long parseHex(String hex) {
    if (hex == null || hex.isEmpty() || hex.length() > 16) {
      throw new IllegalArgumentException("not 1 to 16 hexadecimal digits: " + hex);
    }
    return Long.parseUnsignedLong(hex, 16);
  }

  /** 64-bit FNV-1a over the path's UTF-16 code units (what the browser client computes too). */
  public static long hash(String path) {
    long h = OFFSET;
    for (int i = 0; i < path.length(); i++) {
      h ^= path.charAt(i);
      h *= PRIME;
    }
    return h;
  }

  public boolean matches(NotifiedDigest other) {
    return count == other.count && hash == other.hash;
  }

  @Override
  public String toString() {
    return count + "/" + hex() + (descendants == null ? "" : " descendants " + descendants);
  }
}
