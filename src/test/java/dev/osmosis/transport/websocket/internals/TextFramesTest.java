package dev.osmosis.transport.websocket.internals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextFramesTest {

  /** Parses a server frame as a client would (RFC 6455 §5.2) and returns its text payload. */
  static String decode(byte[] frame) {
    ByteBuffer in = ByteBuffer.wrap(frame);
    assertEquals((byte) 0x81, in.get(), "FIN + text opcode");
    int len7 = in.get() & 0xFF;
    assertEquals(0, len7 & 0x80, "server frames are not masked");
    long length = len7 < 126 ? len7 : len7 == 126 ? in.getShort() & 0xFFFF : in.getLong();
    if (len7 == 126) {
      assertEquals(true, length >= 126, "16-bit length only when 7 bits do not suffice");
    }
    if (len7 == 127) {
      assertEquals(true, length > 0xFFFF, "64-bit length only when 16 bits do not suffice");
    }
    assertEquals(length, in.remaining(), "payload length");
    byte[] payload = new byte[in.remaining()];
    in.get(payload);
    return new String(payload, StandardCharsets.UTF_8);
  }

  static String ascii(int length) {
    return "x".repeat(length);
  }

  @Test
  void single_atLengthBoundaries_thenHeaderUsesTheShortestLengthField() {
    int[][] cases = {
      {0, 2}, {1, 2}, {125, 2}, {126, 4}, {127, 4}, {65535, 4}, {65536, 10}, {70000, 10}
    };
    for (int[] c : cases) {
      String message = ascii(c[0]);
      byte[] frame = TextFrames.single(message);
      assertEquals(c[1] + c[0], frame.length, "frame of " + c[0] + " bytes");
      assertEquals(c[1], TextFrames.payloadOffset(frame));
      assertEquals(c[1], TextFrames.headerLength(c[0]));
      assertEquals(message, decode(frame));
    }
  }

  @Test
  void single_lengthBytes_thenBigEndian() {
    byte[] f126 = TextFrames.single(ascii(126));
    assertArrayEquals(new byte[] {(byte) 0x81, 126, 0, 126}, java.util.Arrays.copyOf(f126, 4));
    byte[] f65535 = TextFrames.single(ascii(65535));
    assertArrayEquals(
        new byte[] {(byte) 0x81, 126, (byte) 0xFF, (byte) 0xFF},
        java.util.Arrays.copyOf(f65535, 4));
    byte[] f65536 = TextFrames.single(ascii(65536));
    assertArrayEquals(
        new byte[] {(byte) 0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0}, java.util.Arrays.copyOf(f65536, 10));
  }

  @Test
  void single_multibyte_thenLengthCountsUtf8BytesNotChars() {
    // 2-byte (é), 3-byte (€) and 4-byte (surrogate pair) characters
    String message = "{\"v\":\"é€\uD83D\uDE00\"}";
    byte[] frame = TextFrames.single(message);
    int bytes = message.getBytes(StandardCharsets.UTF_8).length;
    assertEquals(message.length() + 1 + 2 + 2, bytes);
    assertEquals(bytes, frame[1]);
    assertEquals(message, decode(frame));
  }

  @Test
  void single_multibyteAcrossTheBoundary_thenLengthFieldFollowsBytes() {
    // 63 two-byte chars = 126 bytes from 63 chars: needs the 16-bit length although the String is
    // short
    String message = "é".repeat(63);
    byte[] frame = TextFrames.single(message);
    assertEquals(4, TextFrames.payloadOffset(frame));
    assertEquals(message, decode(frame));
    String big = "€".repeat(21846); // 65,538 bytes
    assertEquals(10, TextFrames.payloadOffset(TextFrames.single(big)));
    assertEquals(big, decode(TextFrames.single(big)));
  }

  @Test
  void single_unpairedSurrogate_thenStillValidUtf8() {
    String frameText = decode(TextFrames.single("a\uD800b"));
    assertEquals("a?b", frameText);
  }

  @Test
  void single_sameInstance_thenEncodedOnce() {
    String shared = new String("{\"t\":\"v\",\"id\":1}");
    assertSame(TextFrames.single(shared), TextFrames.single(shared));
    String equalButOther = new String(shared);
    byte[] other = TextFrames.single(equalButOther);
    assertArrayEquals(TextFrames.single(shared), other);
  }

  @Test
  void single_largeMessage_thenNotKept() {
    String large = ascii(TextFrames.MAX_CACHED_PAYLOAD + 1);
    assertNotSame(TextFrames.single(large), TextFrames.single(large));
  }

  @Test
  void joined_batchAndEnvelope_thenSameTextAsTheStringJoin() {
    String[] messages = {"{\"a\":1}", "{\"b\":\"é\"}", "{\"c\":3}"};
    assertEquals(
        "[{\"a\":1},{\"b\":\"é\"},{\"c\":3}]", decode(TextFrames.joined("[", messages, 3, "]")));
    assertEquals(
        "{\"s\":7,\"ack\":0,\"m\":[{\"a\":1},{\"b\":\"é\"}]}",
        decode(TextFrames.joined("{\"s\":7,\"ack\":0,\"m\":[", messages, 2, "]}")));
    assertEquals("[{\"a\":1}]", decode(TextFrames.joined("[", messages, 1, "]")));
  }

  @Test
  void joined_crossingLengthBoundaries_thenHeaderFitsTheJoinedPayload() {
    // 2 + 61 + 1 + 61 = 125 bytes, then one more byte: 126
    String[] at125 = {ascii(61), ascii(61)};
    byte[] f125 = TextFrames.joined("[", at125, 2, "]");
    assertEquals(2, TextFrames.payloadOffset(f125));
    assertEquals("[" + ascii(61) + "," + ascii(61) + "]", decode(f125));
    String[] at126 = {ascii(61), ascii(62)};
    assertEquals(4, TextFrames.payloadOffset(TextFrames.joined("[", at126, 2, "]")));
    String[] at65536 = {ascii(32766), ascii(32767)};
    byte[] big = TextFrames.joined("[", at65536, 2, "]");
    assertEquals(10, TextFrames.payloadOffset(big));
    assertEquals(65536, big.length - 10);
    String[] at65535 = {ascii(32766), ascii(32766)};
    assertEquals(4, TextFrames.payloadOffset(TextFrames.joined("[", at65535, 2, "]")));
  }

  @Test
  void joined_moreMessagesThanTheScratchArray_thenAllThere() {
    String[] messages = new String[100];
    StringBuilder expected = new StringBuilder("[");
    for (int i = 0; i < messages.length; i++) {
      messages[i] = "{\"n\":" + i + "}";
      expected.append(i > 0 ? "," : "").append(messages[i]);
    }
    assertEquals(
        expected.append(']').toString(), decode(TextFrames.joined("[", messages, 100, "]")));
  }

  @Test
  void each_thenTheMessagesFramesBackToBack_eachTheSharedSingleFrame() {
    String a = "alpha";
    String b = "é".repeat(100); // 200 bytes: a 16-bit length
    String c = "";
    byte[] fa = TextFrames.single(a);
    byte[] fb = TextFrames.single(b);
    byte[] fc = TextFrames.single(c);

    byte[] out = TextFrames.each(new String[] {a, b, c, "not taken"}, 3);

    byte[] expected = new byte[fa.length + fb.length + fc.length];
    System.arraycopy(fa, 0, expected, 0, fa.length);
    System.arraycopy(fb, 0, expected, fa.length, fb.length);
    System.arraycopy(fc, 0, expected, fa.length + fb.length, fc.length);
    assertArrayEquals(expected, out);
    assertEquals(
        java.util.List.of(a, b, c), FrameWritersTest.frames(out), "each its own text frame");
    assertSame(fb, TextFrames.single(b), "the shared frame is read, not re-encoded or changed");
  }

  @Test
  void each_ofOne_thenTheSharedFrameItself() {
    String message = "{\"type\":\"message\"}";
    assertSame(TextFrames.single(message), TextFrames.each(new String[] {message}, 1));
  }
}
