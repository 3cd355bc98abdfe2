package dev.osmosis.wire;

/**
 * The wire vocabulary of deflated frames (docs/PROTOCOL.md "Deflated frames"), shared by the server
 * and the Java client: a client that can inflate opens its WebSocket with {@link #QUERY}; the
 * server may then send a text frame as a binary frame whose first byte is {@link
 * #KIND_DEFLATED_TEXT} and whose rest is a raw deflate stream (RFC 1951, no zlib header) of the
 * text frame's UTF-8 bytes.
 */
public final class DeflatedFrames {
  /** The query parameter that asks for deflated frames. */
  public static final String PARAMETER = "compression";

  /** Its value: raw deflate, as {@code DecompressionStream('deflate-raw')} reads it. */
  public static final String VALUE = "deflate-raw";

  /** {@link #PARAMETER}={@link #VALUE}, as it is appended to the WebSocket URL. */
  public static final String QUERY = PARAMETER + "=" + VALUE;

  /** The first byte of a deflated frame: the rest inflates to one text frame. */
  public static final byte KIND_DEFLATED_TEXT = 1;

  private DeflatedFrames() {}
}
