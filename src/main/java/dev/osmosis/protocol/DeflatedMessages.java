package dev.osmosis.protocol;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.Deflater;

/**
 * Per-message compression of topic updates (docs/PROTOCOL.md "Deflated frames", docs/TOPICS.md
 * "COMPRESSION"): an update of a topic whose {@code COMPRESSION} is not {@code off} is deflated
 * <em>once</em>, on the publishing thread, when its shared message is at least {@link #threshold()}
 * characters; the writers of the sessions that asked for deflated frames then send any frame
 * carrying it as one binary frame: {@code wire.DeflatedFrames.KIND_DEFLATED_TEXT} followed by a raw
 * deflate stream (RFC 1951) whose inflation is exactly the text frame the session would have got
 * otherwise.
 *
 * <p>Encode once holds: the stream is stitched, not recompressed. A deflated message is kept as
 * non-final blocks ending on a byte boundary ({@link Deflater#SYNC_FLUSH}), whose back references
 * never reach before the message's own start; everything else in the frame (a batch's brackets and
 * commas, a sequenced envelope, the small messages beside it) goes around it as stored blocks, and
 * a final stored block ends the stream. Per session that costs a copy of the shared bytes, as a
 * text batch does ({@code TextFrames}).
 *
 * <p>The fan-out and the writer threads meet only through the message's {@code String} instance
 * (the outbox queues strings), so the deflated forms wait here in a direct-mapped cache keyed by
 * the message's identity, whose key is held weakly: a hit is always right; a message evicted by a
 * collision before its last write (another large update hashing to the same slot) simply leaves as
 * text. Thread-safe; deflaters come from a small pool per level (each holds ~256 KiB of native
 * memory), not one per publishing thread.
 */
public final class DeflatedMessages {
  /** {@code osmosis.compressionThreshold}'s default: messages of 1 KiB and more are deflated. */
  public static final int DEFAULT_THRESHOLD = 1024;

  static final int SLOTS = 256;
  private static final int POOLED = 4;
  private static final DeflatedMessages SHARED = new DeflatedMessages(DEFAULT_THRESHOLD);

  private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);
  private final ArrayBlockingQueue<Deflater>[] pools = newPools();
  private volatile int threshold;

  /** A message's deflated blocks, as long as the message is alive and nothing took its slot. */
  private static final class Entry extends WeakReference<String> {
    final byte[] blocks;

    Entry(String message, byte[] blocks) {
      super(message);
      this.blocks = blocks;
    }
  }

  /**
   * @param threshold the fewest characters a message must have to be deflated
   */
  public DeflatedMessages(int threshold) {
    this.threshold = threshold;
  }

  /** The server's one instance: the fan-out offers to it, the WebSocket writers read from it. */
  public static DeflatedMessages shared() {
    return SHARED;
  }

  /** Sets {@code osmosis.compressionThreshold} (characters; at least 1). */
  public void threshold(int chars) {
    if (chars < 1) {
      throw new IllegalArgumentException("compression threshold must be at least 1: " + chars);
    }
    threshold = chars;
  }

  /** The fewest characters of a message that is deflated. */
  public int threshold() {
    return threshold;
  }

  /**
   * The zlib level of a topic's {@code COMPRESSION} ({@code TopicSpecification.compression()}):
   * {@code low} 1, {@code medium} 6, {@code high} 9; 0 for {@code off} (and anything else).
   */
  public static int level(String compression) {
    return switch (compression) {
      case "low" -> 1;
      case "medium" -> 6;
      case "high" -> 9;
      default -> 0;
    };
  }

  /**
   * Deflates {@code message} (an update's shared message) at the level of {@code compression}, if
   * that is not {@code off} and the message reaches the threshold, and keeps the result for the
   * writers; false if nothing was kept (off, too small, or deflate did not make it smaller).
   */
  public boolean offer(String message, String compression) {
    int level = level(compression);
    if (level == 0 || message.length() < threshold) {
      return false;
    }
    byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
    byte[] blocks = deflate(utf8, level);
    if (blocks.length >= utf8.length) {
      return false;
    }
    slots.setRelease(slot(message), new Entry(message, blocks));
    return true;
  }

  /** The deflated blocks of {@code message}, or null if it has none (kept). */
  byte[] blocks(String message) {
    if (message.length() < threshold) {
      return null;
    }
    Entry entry = slots.getAcquire(slot(message));
    return entry != null && entry.get() == message ? entry.blocks : null;
  }

  /**
   * The binary frame's payload for the text frame {@code prefix}, {@code messages[0..count)} joined
   * by commas, {@code suffix} (a batch or a sequenced envelope: {@code FrameSink}'s form); null if
   * no message in it has a deflated form (then the frame goes as text).
   */
  public byte[] payload(String prefix, String[] messages, int count, String suffix) {
    byte[][] blocks = null;
    for (int i = 0; i < count; i++) {
      byte[] deflated = blocks(messages[i]);
      if (deflated != null) {
        if (blocks == null) {
          blocks = new byte[count][];
        }
        blocks[i] = deflated;
      }
    }
    if (blocks == null) {
      return null;
    }
    DeflateStream out = new DeflateStream();
    out.text(prefix);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.text(",");
      }
      if (blocks[i] != null) {
        out.blocks(blocks[i]);
      } else {
        out.text(messages[i]);
      }
    }
    out.text(suffix);
    return out.finish();
  }

  /** The binary frame's payload for a frame of one message; null if it has no deflated form. */
  public byte[] payload(String message) {
    // the common case (no deflated form) allocates nothing: this runs per session and per frame
    return blocks(message) == null ? null : payload("", new String[] {message}, 1, "");
  }

  private static int slot(String message) {
    return System.identityHashCode(message) & (SLOTS - 1);
  }

  /** Non-final raw deflate blocks of {@code utf8}, ending on a byte boundary (a sync flush). */
  byte[] deflate(byte[] utf8, int level) {
    ArrayBlockingQueue<Deflater> pool = pools[level == 1 ? 0 : level == 6 ? 1 : 2];
    Deflater deflater = pool.poll();
    if (deflater == null) {
      deflater = new Deflater(level, true);
    }
    try {
      deflater.setInput(utf8);
      byte[] out = new byte[Math.max(64, utf8.length / 2)];
      int length = 0;
      while (true) {
        length += deflater.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
        if (length < out.length) {
          break;
        }
        out = java.util.Arrays.copyOf(out, out.length * 2);
      }
      return java.util.Arrays.copyOf(out, length);
    } finally {
      deflater.reset();
      if (!pool.offer(deflater)) {
        deflater.end();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static ArrayBlockingQueue<Deflater>[] newPools() {
    ArrayBlockingQueue<Deflater>[] pools = new ArrayBlockingQueue[3];
    for (int i = 0; i < pools.length; i++) {
      pools[i] = new ArrayBlockingQueue<>(POOLED);
    }
    return pools;
  }
}
