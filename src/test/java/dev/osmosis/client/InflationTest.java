package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class InflationTest {

  static byte[] frame(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    Deflater deflater = new Deflater(1, true);
    deflater.setInput(utf8);
    deflater.finish();
    byte[] out = new byte[utf8.length + 64];
    out[0] = 1;
    int n = deflater.deflate(out, 1, out.length - 1);
    deflater.end();
    return Arrays.copyOf(out, 1 + n);
  }

  @Test
  void text_whenDeflatedFrame_thenTheTextFrame() throws Exception {
    String text = "[{\"a\":1,\"v\":\"" + "é".repeat(5000) + "\"}]";
    assertEquals(text, Inflation.text(frame(text), 1 << 20));
  }

  @Test
  void text_whenPayloadIsThePrefixOfALargerBuffer_thenOnlyThatPrefixIsRead() throws Exception {
    String text = "{\"v\":\"" + "x".repeat(3000) + "\"}";
    byte[] frame = frame(text);
    byte[] buffer = Arrays.copyOf(frame, frame.length + 100); // a reassembly buffer with room left

    assertEquals(text, Inflation.text(buffer, frame.length, 1 << 20));
    assertThrows(
        DataFormatException.class,
        () -> Inflation.text(frame, frame.length - 4, 1 << 20),
        "a length short of the stream's end is read as a stream that ends early");
  }

  @Test
  void text_whenUnknownKindOrEmpty_thenRefused() {
    byte[] frame = frame("{}");
    frame[0] = 2;
    assertThrows(DataFormatException.class, () -> Inflation.text(frame, 1 << 20));
    assertThrows(DataFormatException.class, () -> Inflation.text(new byte[0], 1 << 20));
  }

  @Test
  void text_whenTruncatedOrGarbage_thenRefused() {
    byte[] frame = frame("{\"a\":\"" + "x".repeat(3000) + "\"}");
    byte[] cut = Arrays.copyOf(frame, frame.length - 3);
    assertThrows(DataFormatException.class, () -> Inflation.text(cut, 1 << 20));
    assertThrows(
        DataFormatException.class, () -> Inflation.text(new byte[] {1, (byte) 0xFF, 7, 7}, 100));
  }

  @Test
  void text_whenItInflatesPastTheLimit_thenRefused() {
    byte[] bomb = frame("x".repeat(1 << 20));
    assertTrue(bomb.length < 10_000);
    assertThrows(DataFormatException.class, () -> Inflation.text(bomb, 64 * 1024));
  }

  @Test
  void withCompression_thenTheQueryAsksForDeflatedFrames() {
    assertEquals(
        "ws://h:8080/osmosis?compression=deflate-raw",
        WebSocketTransport.withCompression(URI.create("ws://h:8080/osmosis")).toString());
    assertEquals(
        "ws://h/osmosis?x=1&compression=deflate-raw",
        WebSocketTransport.withCompression(URI.create("ws://h/osmosis?x=1")).toString());
  }
}
