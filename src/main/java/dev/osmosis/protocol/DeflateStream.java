package dev.osmosis.protocol;

import dev.osmosis.wire.DeflatedFrames;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A binary frame's payload built by stitching (RFC 1951): {@link
 * DeflatedFrames#KIND_DEFLATED_TEXT}, then text as stored blocks and already-deflated messages as
 * their own blocks, in order, then a final stored block. Every piece starts and ends on a byte
 * boundary, so the pieces need no bit shifting. Not thread-safe: one per frame.
 */
final class DeflateStream {
  /** A stored block carries at most this many bytes (its LEN field is 16 bits). */
  static final int MAX_STORED = 0xFFFF;

  private byte[] out = new byte[256];
  private int length;
  private byte[] text = new byte[64];
  private int textLength;

  DeflateStream() {
    out[length++] = DeflatedFrames.KIND_DEFLATED_TEXT;
  }

  /** Appends {@code s} as literal text (stored, at the next deflated piece or the end). */
  void text(String s) {
    if (s.isEmpty()) {
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (textLength + utf8.length > text.length) {
      text = Arrays.copyOf(text, Math.max(text.length * 2, textLength + utf8.length));
    }
    System.arraycopy(utf8, 0, text, textLength, utf8.length);
    textLength += utf8.length;
  }

  /** Appends non-final deflate blocks that end on a byte boundary (a sync-flushed message). */
  void blocks(byte[] blocks) {
    flushText(false);
    append(blocks, 0, blocks.length);
  }

  /** The payload: what is pending as stored blocks, the last of them final. */
  byte[] finish() {
    flushText(true);
    return Arrays.copyOf(out, length);
  }

  private void flushText(boolean last) {
    int at = 0;
    do {
      int n = Math.min(MAX_STORED, textLength - at);
      boolean fin = last && at + n == textLength;
      if (n == 0 && !fin) {
        break;
      }
      ensure(5 + n);
      out[length++] = (byte) (fin ? 1 : 0); // BFINAL, BTYPE 00 (stored), padding to the byte
      out[length++] = (byte) n;
      out[length++] = (byte) (n >>> 8);
      out[length++] = (byte) ~n;
      out[length++] = (byte) (~n >>> 8);
      System.arraycopy(text, at, out, length, n);
      length += n;
      at += n;
    } while (at < textLength);
    textLength = 0;
  }

  private void append(byte[] bytes, int from, int n) {
    ensure(n);
    System.arraycopy(bytes, from, out, length, n);
    length += n;
  }

  private void ensure(int more) {
    if (length + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
    }
  }
}
