package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SessionIdTest {

  @Test
  void of_whenSameWireForm_thenEqualWithSameHashAndToString() {
    SessionId id = SessionId.of("6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b");
    assertEquals(SessionId.of("6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b"), id);
    assertEquals(SessionId.of("6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b").hashCode(), id.hashCode());
    assertEquals("6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b", id.toString());
    assertNotEquals(SessionId.of("0000000000000000-0000000000000000"), id);
  }

  @Test
  void of_whenBlank_thenIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> SessionId.of(" "));
    assertThrows(IllegalArgumentException.class, () -> SessionId.of(null));
  }
}
