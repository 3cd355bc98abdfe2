package dev.osmosis.transport.websocket;

/**
 * {@code osmosis.maxMessageSize} for whole messages. Tyrus applies a session's message buffer size
 * only to messages that arrive in fragments: a single frame up to the engine's ceiling ({@code
 * platform.FrameCeiling}: twice the limit plus 14 bytes) reached the endpoint whatever the limit.
 * The endpoints check every text message here before decoding it and close with 1009
 * MESSAGE_TOO_LARGE, as for a fragmented one.
 */
final class MessageSize {
  private MessageSize() {}

  /**
   * Whether {@code text} takes more than {@code maxBytes} bytes in UTF-8; counts only when it has
   * to.
   */
  static boolean exceeds(String text, int maxBytes) {
    int chars = text.length();
    if (chars > maxBytes) {
      return true; // at least one byte per char
    }
    if ((long) chars * 3 <= maxBytes) {
      return false; // at most three bytes per char (a surrogate pair: four bytes for two chars)
    }
    long bytes = 0;
    for (int i = 0; i < chars; i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
      if (bytes > maxBytes) {
        return true;
      }
    }
    return false;
  }

  /** The close reason phrase (at most 123 bytes). */
  static String reason(int maxBytes) {
    return "message larger than maxMessageSize " + maxBytes + " bytes";
  }
}
