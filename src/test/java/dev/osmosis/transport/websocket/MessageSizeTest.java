package dev.osmosis.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageSizeTest {
  @Test
  void exceeds_countsUtf8BytesNotChars() {
    assertFalse(MessageSize.exceeds("x".repeat(65_536), 65_536));
    assertTrue(MessageSize.exceeds("x".repeat(65_537), 65_536));
    String euro = "€".repeat(21_846); // 3 bytes each: 65,538 bytes in 21,846 chars
    assertTrue(MessageSize.exceeds(euro, 65_536));
    assertFalse(MessageSize.exceeds(euro.substring(1), 65_536));
    String emoji = "😀".repeat(16_385); // a surrogate pair, 4 bytes: 65,540 bytes
    assertTrue(MessageSize.exceeds(emoji, 65_536));
    assertFalse(MessageSize.exceeds("😀".repeat(16_384), 65_536));
  }

  @Test
  void exceeds_agreesWithTheEncoder() {
    String mixed = "aé€😀".repeat(7_000);
    int bytes = mixed.getBytes(StandardCharsets.UTF_8).length;
    assertFalse(MessageSize.exceeds(mixed, bytes));
    assertTrue(MessageSize.exceeds(mixed, bytes - 1));
  }

  @Test
  void reason_fitsACloseFrame() {
    assertTrue(
        MessageSize.reason(Integer.MAX_VALUE).getBytes(StandardCharsets.UTF_8).length <= 123);
  }
}
