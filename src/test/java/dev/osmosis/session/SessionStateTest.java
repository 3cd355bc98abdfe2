package dev.osmosis.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.wire.CloseReason;
import org.junit.jupiter.api.Test;

class SessionStateTest {

  @Test
  void closedBy_whenEachReason_thenTheClosedStateOfTheSameName() {
    for (CloseReason reason : CloseReason.values()) {
      SessionState state = SessionState.closedBy(reason);
      assertEquals(reason.closedState().name(), state.name(), reason.name());
      assertTrue(state.isClosed(), reason.name());
    }
  }
}
