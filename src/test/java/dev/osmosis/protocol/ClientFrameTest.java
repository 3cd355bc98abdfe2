package dev.osmosis.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Frames that carry secrets keep them out of {@code toString}, which log lines use. */
class ClientFrameTest {

  @Test
  void connect_toString_thenNoCredentialsAndNoToken() {
    var connect =
        new ClientFrame.Connect(
            1,
            "JAVA",
            "admin",
            "hunter2",
            Map.of("Team", "blue"),
            5_000,
            true,
            "0123456789abcdef-0123456789abcdef",
            "s3cretToken",
            4,
            Map.of());
    String text = connect.toString();
    assertFalse(text.contains("hunter2"), text);
    assertFalse(text.contains("s3cretToken"), text);
    assertTrue(text.contains("admin") && text.contains("0123456789abcdef-0123456789abcdef"), text);
  }

  @Test
  void changePrincipal_toString_thenNoCredentials() {
    var frame =
        FrameCodec.decodeNumbered(
                "{\"t\":\"changePrincipal\",\"id\":3,\"principal\":\"admin\",\"credentials\":\"hunter2\"}")
            .get(0)
            .frame();
    String text = frame.toString();
    assertFalse(text.contains("hunter2"), text);
    assertTrue(text.contains("admin") && text.contains("3"), text);
  }
}
