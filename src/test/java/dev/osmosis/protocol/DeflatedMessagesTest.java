package dev.osmosis.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.wire.DeflatedFrames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

public class DeflatedMessagesTest {

  /** A topic value message of about {@code chars} characters of JSON market data. */
  static String marketData(int chars) {
    StringBuilder value = new StringBuilder("{\"a\":7,\"s\":3,\"v\":{\"quotes\":[");
    for (int i = 0; value.length() < chars; i++) {
      if (i > 0) {
        value.append(',');
      }
      value
          .append("{\"symbol\":\"SYM")
          .append(i)
          .append("\",\"bid\":")
          .append(100 + i % 17)
          .append(".25,\"ask\":")
          .append(101 + i % 13)
          .append(".5,\"volume\":")
          .append(1000 * (i % 7))
          .append('}');
    }
    return value.append("]}}").toString();
  }

  /** What a client does with a binary frame's payload: the kind byte, then raw inflate. */
  public static String inflate(byte[] payload) throws DataFormatException {
    assertEquals(DeflatedFrames.KIND_DEFLATED_TEXT, payload[0], "kind byte");
    Inflater inflater = new Inflater(true);
    inflater.setInput(payload, 1, payload.length - 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    while (!inflater.finished()) {
      int n = inflater.inflate(chunk);
      if (n == 0 && inflater.needsInput()) {
        throw new DataFormatException("stream ends before its final block");
      }
      out.write(chunk, 0, n);
    }
    assertEquals(0, inflater.getRemaining(), "nothing after the final block");
    inflater.end();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void level_whenPolicy_thenZlibLevel() {
    assertEquals(0, DeflatedMessages.level("off"));
    assertEquals(1, DeflatedMessages.level("low"));
    assertEquals(6, DeflatedMessages.level("medium"));
    assertEquals(9, DeflatedMessages.level("high"));
  }

  @Test
  void offer_whenEveryLevel_thenSingleFrameRoundTripsAndIsSmaller() throws Exception {
    DeflatedMessages deflated = new DeflatedMessages(1024);
    int[] sizes = new int[3];
    String[] levels = {"low", "medium", "high"};
    for (int i = 0; i < levels.length; i++) {
      String message = marketData(16 * 1024);
      assertTrue(deflated.offer(message, levels[i]));
      byte[] payload = deflated.payload(message);
      assertEquals(message, inflate(payload));
      sizes[i] = payload.length;
      assertTrue(payload.length < message.length() / 2, levels[i] + ": " + payload.length);
    }
    assertTrue(sizes[2] <= sizes[0], "high is no larger than low: " + sizes[2] + " " + sizes[0]);
  }

  @Test
  void offer_whenOff_thenNothingKeptAndTextFrame() {
    DeflatedMessages deflated = new DeflatedMessages(1024);
    String message = marketData(16 * 1024);
    assertFalse(deflated.offer(message, "off"));
    assertNull(deflated.payload(message));
  }

  @Test
  void offer_whenBelowThreshold_thenNothingKept() {
    DeflatedMessages deflated = new DeflatedMessages(4096);
    String small = marketData(2000);
    assertFalse(deflated.offer(small, "low"));
    assertNull(deflated.payload(small));
    deflated.threshold(1000);
    assertTrue(deflated.offer(small, "low"), "the threshold is a setting");
  }

  @Test
  void offer_whenDeflateWouldNotMakeItSmaller_thenNothingKept() {
    assertFalse(new DeflatedMessages(1).offer("{}", "high"), "a sync flush alone is 5 bytes");
  }

  @Test
  void payload_whenAnEqualButOtherInstance_thenText() {
    DeflatedMessages deflated = new DeflatedMessages(1024);
    String message = marketData(4096);
    deflated.offer(message, "low");
    assertNull(deflated.payload(new String(message)), "kept by identity, not by equality");
  }

  @Test
  void payload_whenBatchMixesSmallAndDeflated_thenInflatesToTheTextBatch() throws Exception {
    DeflatedMessages deflated = new DeflatedMessages(1024);
    String big1 = marketData(20_000);
    String big2 = marketData(3000);
    deflated.offer(big1, "low");
    deflated.offer(big2, "high");
    String[] batch = {"{\"a\":1,\"v\":\"é€\"}", big1, "{\"a\":2}", big2, "{\"a\":3}"};

    assertEquals(
        "[" + String.join(",", batch) + "]", inflate(deflated.payload("[", batch, 5, "]")));
    String envelope = "{\"s\":12,\"ack\":3,\"m\":[";
    assertEquals(
        envelope + String.join(",", batch) + "]}",
        inflate(deflated.payload(envelope, batch, 5, "]}")),
        "a sequenced envelope around shared deflated bytes");
    String[] onlyBig = {big1};
    assertEquals("[" + big1 + "]", inflate(deflated.payload("[", onlyBig, 1, "]")));
  }

  @Test
  void payload_whenTextLongerThanAStoredBlock_thenSplitIntoSeveral() throws Exception {
    DeflatedMessages deflated = new DeflatedMessages(100_000);
    String big = marketData(200_000);
    deflated.offer(big, "low");
    String longText = "{\"a\":9,\"v\":\"" + "x".repeat(70_000) + "\"}"; // under the threshold
    String[] batch = {longText, big, longText};
    assertEquals(
        "[" + String.join(",", batch) + "]", inflate(deflated.payload("[", batch, 3, "]")));
  }

  @Test
  void payload_whenNoMessageDeflated_thenNull() {
    DeflatedMessages deflated = new DeflatedMessages(1024);
    assertNull(deflated.payload("[", new String[] {"{\"a\":1}", marketData(2000)}, 2, "]"));
  }

  @Test
  void threshold_whenBelowOne_thenRefused() {
    assertThrows(IllegalArgumentException.class, () -> new DeflatedMessages(1024).threshold(0));
  }
}
