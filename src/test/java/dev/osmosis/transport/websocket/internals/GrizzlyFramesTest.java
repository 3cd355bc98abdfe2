package dev.osmosis.transport.websocket.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GrizzlyFramesTest {

  /** Not Tyrus's WebSocket: no route to a Grizzly connection. */
  static final class NotTyrus {}

  @Test
  void write_whenNoGrizzlyConnectionBehind_thenRefusedAndDoneNotRun() {
    GrizzlyFrames.Direct direct = GrizzlyFrames.forWebSocket(new NotTyrus());
    AtomicReference<String> ran = new AtomicReference<>();

    boolean queued = direct.write(new byte[] {(byte) 0x81, 0}, () -> ran.set("done"));

    assertFalse(queued, "the caller must write the frame the other way");
    assertNull(ran.get(), "done belongs to the write the caller makes instead");
    assertFalse(direct.write(new byte[] {(byte) 0x81, 0}, () -> ran.set("again")));
    assertNull(ran.get());
  }

  @Test
  void write_whenSecureSessionFallsBack_thenAdminApiReportsTheRawFrameRouteForTls() {
    FrameWriters.secureRoute(null);
    assertEquals("unknown", FrameWriters.secureRoute(), "no TLS session written to yet");

    boolean queued =
        GrizzlyFrames.forWebSocket(new NotTyrus(), true)
            .write(new byte[] {(byte) 0x81, 0}, () -> {});

    assertFalse(queued);
    assertEquals("tyrus-raw-frame", FrameWriters.secureRoute());
  }
}
