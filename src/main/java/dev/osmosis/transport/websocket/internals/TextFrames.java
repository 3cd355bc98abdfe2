package dev.osmosis.transport.websocket.internals;

import java.nio.charset.StandardCharsets;

/**
 * Server-to-client WebSocket text frames (RFC 6455 §5.2: FIN + opcode 1, unmasked, 7/16/64-bit
 * payload length) encoded to bytes once, ready for {@code TyrusWebSocket.sendRawFrame}.
 *
 * <p>Encode once per update (docs/ARCHITECTURE.md): the fan-out hands the same {@code String}
 * instance to every subscriber's connection, and the writer threads drain those connections one
 * after another. Each thread keeps a small direct-mapped cache keyed by the message's
 * <em>identity</em> (a String never changes, so a hit is always right; a collision only costs a
 * re-encode): the first subscriber's write encodes the frame, the next ones reuse the same bytes
 * (each write wraps them in its own {@code ByteBuffer}; nobody mutates them). Batches and
 * envelopes, which differ per session, copy each message's cached bytes instead of re-encoding its
 * characters.
 *
 * <p>Thread-safe (the cache is per thread). Strings are encoded with {@link
 * StandardCharsets#UTF_8}: an unpaired surrogate becomes {@code ?}, so the payload is always valid
 * UTF-8.
 */
final class TextFrames {
  static final int SLOTS = 256;

  /**
   * Messages larger than this are encoded per write and not kept (bounds the cache at ~4 MB per
   * thread).
   */
  static final int MAX_CACHED_PAYLOAD = 16 * 1024;

  private static final byte FIN_TEXT = (byte) 0x81;
  private static final ThreadLocal<Cache> CACHE = ThreadLocal.withInitial(Cache::new);

  private TextFrames() {}

  private static final class Cache {
    final String[] keys = new String[SLOTS];
    final byte[][] frames = new byte[SLOTS][];
    final byte[][] parts = new byte[64][];
  }

  /** Bytes of the frame header for a payload of {@code length} bytes. */
  static int headerLength(long length) {
    return length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
  }

  /** Writes the header of a final, unmasked text frame; returns the offset of the payload. */
  static int writeHeader(byte[] out, int length) {
    out[0] = FIN_TEXT;
    if (length <= 125) {
      out[1] = (byte) length;
      return 2;
    }
    if (length <= 0xFFFF) {
      out[1] = 126;
      out[2] = (byte) (length >>> 8);
      out[3] = (byte) length;
      return 4;
    }
    out[1] = 127;
    long l = length;
    for (int i = 0; i < 8; i++) {
      out[2 + i] = (byte) (l >>> (56 - 8 * i));
    }
    return 10;
  }

  /** The offset of the payload in a frame made here (read back from its length byte). */
  static int payloadOffset(byte[] frame) {
    int len7 = frame[1] & 0x7F;
    return len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
  }

  /** A whole frame around already-encoded payload bytes. */
  static byte[] frame(byte[] payload, int from, int length) {
    byte[] out = new byte[headerLength(length) + length];
    int at = writeHeader(out, length);
    System.arraycopy(payload, from, out, at, length);
    return out;
  }

  /**
   * A whole final, unmasked binary frame (opcode 2) around {@code payload}: a deflated frame
   * (docs/PROTOCOL.md "Deflated frames").
   */
  static byte[] binary(byte[] payload) {
    byte[] out = frame(payload, 0, payload.length);
    out[0] = (byte) 0x82;
    return out;
  }

  /**
   * The frame carrying {@code message} alone; the same array while this thread keeps sending that
   * instance.
   */
  static byte[] single(String message) {
    Cache cache = CACHE.get();
    int slot = System.identityHashCode(message) & (SLOTS - 1);
    if (cache.keys[slot] == message) {
      return cache.frames[slot];
    }
    byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
    byte[] frame = frame(utf8, 0, utf8.length);
    if (utf8.length <= MAX_CACHED_PAYLOAD) {
      cache.keys[slot] = message;
      cache.frames[slot] = frame;
    }
    return frame;
  }

  /**
   * {@code messages[0..count)} as {@code count} frames back to back, for one write (an unbatched
   * outbox's group: a room broadcast's messages queued behind the write in flight). Each frame is
   * {@link #single}'s bytes, shared with every other member's write of that message on this thread:
   * only the bytes are copied. A single message is its shared frame itself (no copy).
   */
  static byte[] each(String[] messages, int count) {
    if (count == 1) {
      return single(messages[0]);
    }
    Cache cache = CACHE.get();
    byte[][] parts = count <= cache.parts.length ? cache.parts : new byte[count][];
    long length = 0;
    for (int i = 0; i < count; i++) {
      byte[] part = single(messages[i]);
      parts[i] = part;
      length += part.length;
    }
    if (length > Integer.MAX_VALUE - 10) {
      throw new IllegalArgumentException("frames too large: " + length + " bytes");
    }
    byte[] out = new byte[(int) length];
    int at = 0;
    for (int i = 0; i < count; i++) {
      byte[] part = parts[i];
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
      parts[i] = null;
    }
    return out;
  }

  /**
   * One frame whose payload is {@code prefix}, then {@code messages[0..count)} joined by commas,
   * then {@code suffix} (a batch {@code [a,b]} or a sequenced envelope {@code {"s":..,"m":[a,b]}}).
   * Each message's bytes come from the cache (shared with other sessions' frames): only the bytes
   * are copied.
   */
  static byte[] joined(String prefix, String[] messages, int count, String suffix) {
    Cache cache = CACHE.get();
    byte[][] parts = count <= cache.parts.length ? cache.parts : new byte[count][];
    byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
    long length = head.length + tail.length + Math.max(0, count - 1);
    for (int i = 0; i < count; i++) {
      byte[] part = single(messages[i]);
      parts[i] = part;
      length += part.length - payloadOffset(part);
    }
    if (length > Integer.MAX_VALUE - 10) {
      throw new IllegalArgumentException("frame too large: " + length + " bytes");
    }
    byte[] out = new byte[headerLength(length) + (int) length];
    int at = writeHeader(out, (int) length);
    System.arraycopy(head, 0, out, at, head.length);
    at += head.length;
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out[at++] = ',';
      }
      byte[] part = parts[i];
      int from = payloadOffset(part);
      System.arraycopy(part, from, out, at, part.length - from);
      at += part.length - from;
      parts[i] = null;
    }
    System.arraycopy(tail, 0, out, at, tail.length);
    return out;
  }
}
