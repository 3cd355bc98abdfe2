package dev.osmosis.transport.websocket.internals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseFramesTest {

  @Test
  void encode_codeAndReason_thenUnmaskedCloseFrame() {
    byte[] frame = CloseFrames.encode(4006, "bye");
    assertArrayEquals(new byte[] {(byte) 0x88, 5, 0x0F, (byte) 0xA6, 'b', 'y', 'e'}, frame);
  }

  @Test
  void encode_noReason_thenCodeOnly() {
    assertArrayEquals(
        new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8}, CloseFrames.encode(1000, null));
  }

  @Test
  void encode_longReason_thenCutTo123BytesOnACharacterBoundary() {
    byte[] ascii = CloseFrames.encode(1008, "a".repeat(200));
    assertEquals(2 + 123, ascii[1], "a control frame's payload is at most 125 bytes");
    // 200 bytes of two-byte characters: byte 123 is the second half of one, so 122 are kept
    byte[] frame = CloseFrames.encode(1008, "é".repeat(100));
    assertEquals(2 + 122, frame[1]);
    assertEquals(frame.length - 2, frame[1]);
    assertEquals("é".repeat(61), new String(frame, 4, 122, StandardCharsets.UTF_8));
  }
}
