package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.wire.ErrorCode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionExceptionTest {
  @Test
  void unavailable_isKnownAndRetryable() {
    SessionException e = new SessionException(5003, "the cluster's data grid did not answer");
    assertEquals(Optional.of(ErrorCode.UNAVAILABLE), e.getErrorCode());
    assertTrue(e.isRetryable());
  }

  @Test
  void otherErrors_areNotRetryable() {
    assertFalse(new SessionException(5000, "internal error").isRetryable());
    assertFalse(new SessionException(4012, "unsatisfied").isRetryable());
    assertFalse(new SessionException(9999, "unknown to this client").isRetryable());
  }
}
