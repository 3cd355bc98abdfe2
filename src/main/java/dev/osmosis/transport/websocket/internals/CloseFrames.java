package dev.osmosis.transport.websocket.internals;

import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A server's WebSocket close frame written like any other pre-encoded frame, through the raw-frame
 * route ({@link FrameWriters}), without closing the connection. Payara's servlet upgrade ends an
 * upgraded connection ({@code WebConnectionImpl.close}) by resuming the HTTP request's Grizzly
 * filter chain on the calling thread; when that thread is not the one Grizzly reads the connection
 * on, the client's answering close frame can be read at the same moment, and both threads finish
 * and recycle the one pooled request (GRIZZLY0013, docs/TESTING.md). Sending only the frame leaves
 * the end of the connection to the client's answer, which Tyrus handles on Grizzly's own thread.
 */
public final class CloseFrames {
  /** RFC 6455 §5.5: a control frame's payload is at most 125 bytes, 2 of them the code. */
  static final int MAX_REASON_BYTES = 123;

  private CloseFrames() {}

  /**
   * Writes a close frame with {@code code} and {@code reason} to the session; false where the
   * raw-frame route is not available or the write failed (nothing was sent: the caller closes the
   * standard way).
   */
  public static boolean send(Session ws, int code, String reason) {
    return FrameWriters.sendRawFrame(ws, ByteBuffer.wrap(encode(code, reason)));
  }

  /**
   * The unmasked (server) close frame: FIN and opcode 8, the code, the reason in UTF-8 cut to 123
   * bytes on a character boundary.
   */
  static byte[] encode(int code, String reason) {
    byte[] text = truncate(reason == null ? "" : reason);
    byte[] frame = new byte[4 + text.length];
    frame[0] = (byte) 0x88;
    frame[1] = (byte) (2 + text.length);
    frame[2] = (byte) (code >> 8);
    frame[3] = (byte) code;
    System.arraycopy(text, 0, frame, 4, text.length);
    return frame;
  }

  private static byte[] truncate(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_REASON_BYTES) {
      return bytes;
    }
    int end = MAX_REASON_BYTES;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--; // do not cut a multi-byte character
    }
    byte[] cut = new byte[end];
    System.arraycopy(bytes, 0, cut, 0, end);
    return cut;
  }
}
