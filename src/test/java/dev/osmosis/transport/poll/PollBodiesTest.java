package dev.osmosis.transport.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Body checks of the polling transport: size before reading, UTF-8, one JSON frame. */
class PollBodiesTest {
  static InputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  static int status(Runnable call) {
    return assertThrows(PollRefusal.class, call::run).status();
  }

  @Test
  void frame_whenObjectOrArray_thenPassedThroughUnchanged() {
    assertEquals(
        "{\"t\":\"ping\",\"id\":1}",
        PollBodies.frame(body("{\"t\":\"ping\",\"id\":1}"), -1, 100, 66));
    assertEquals(
        "[{\"t\":\"ping\",\"id\":1},{\"t\":\"ping\",\"id\":2}]",
        PollBodies.frame(
            body("[{\"t\":\"ping\",\"id\":1},{\"t\":\"ping\",\"id\":2}]"), -1, 100, 66));
  }

  @Test
  void frame_whenNotJson_orTrailingGarbage_orScalar_orEmpty_then400() {
    assertEquals(400, status(() -> PollBodies.frame(body("hello"), -1, 100, 66)));
    assertEquals(400, status(() -> PollBodies.frame(body("{\"t\":\"ping\"} {}"), -1, 100, 66)));
    assertEquals(400, status(() -> PollBodies.frame(body("42"), -1, 100, 66)));
    assertEquals(400, status(() -> PollBodies.frame(body(""), -1, 100, 66)));
  }

  @Test
  void read_whenNotUtf8_then400() {
    byte[] latin1 = "{\"t\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(
        400, status(() -> PollBodies.frame(new ByteArrayInputStream(latin1), -1, 100, 66)));
  }

  @Test
  void read_whenDeclaredLengthTooLarge_then413WithoutReading() {
    InputStream never =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("the body must not be read");
          }
        };
    PollRefusal e = assertThrows(PollRefusal.class, () -> PollBodies.frame(never, 101, 100, 66));
    assertEquals(413, e.status());
    assertTrue(e.body().startsWith("{\"code\":4413,\"message\":"), e.body());
  }

  @Test
  void read_whenChunkedBodyTooLarge_then413() {
    String big = "{\"t\":\"" + "x".repeat(200) + "\"}";
    assertEquals(413, status(() -> PollBodies.frame(body(big), -1, 100, 66)));
    assertEquals(413, status(() -> PollBodies.frame(body(big), -1, big.length() - 1, 66)));
    assertEquals(big, PollBodies.frame(body(big), -1, big.length(), 66));
  }

  @Test
  void connect_whenNotAConnectMessage_then400() {
    assertEquals(
        "{\"t\":\"connect\",\"v\":1}",
        PollBodies.connect(body("{\"t\":\"connect\",\"v\":1}"), -1, 100, 66));
    assertEquals(
        400, status(() -> PollBodies.connect(body("{\"t\":\"ping\",\"id\":1}"), -1, 100, 66)));
    assertEquals(
        400, status(() -> PollBodies.connect(body("[{\"t\":\"connect\",\"v\":1}]"), -1, 100, 66)));
  }
}
