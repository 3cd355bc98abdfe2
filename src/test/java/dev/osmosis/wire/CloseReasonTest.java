package dev.osmosis.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.wire.CloseReason.ClosedState;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloseReasonTest {

  @ParameterizedTest
  @CsvSource({
    "CLOSED_BY_CLIENT, 0, 1000, CLOSED_BY_CLIENT",
    "CLOSED_BY_CONTROLLER, 1, 4001, CLOSED_BY_SERVER",
    "CLOSED_BY_SERVER, 2, 4002, CLOSED_BY_SERVER",
    "HANDSHAKE_REJECTED, 3, 4003, CLOSED_FAILED",
    "ACCESS_DENIED, 4, 4004, CLOSED_FAILED",
    "MESSAGE_TOO_LARGE, 5, 1009, CLOSED_FAILED",
    "INVALID_INBOUND_MESSAGE, 6, 4006, CLOSED_FAILED",
    "MESSAGE_QUEUE_LIMIT_REACHED, 7, 4007, CLOSED_BY_SERVER",
    "LOST_MESSAGES, 8, 4008, CLOSED_FAILED",
    "UNEXPECTED_ERROR, 9, 4009, CLOSED_FAILED",
    "IDLE_CONNECTION, 10, 4110, CLOSED_FAILED",
    "CLIENT_UNRESPONSIVE, 11, 4111, CLOSED_FAILED",
    "CONNECTION_ERROR, 12, 1006, CLOSED_FAILED",
    "RECONNECT_ABORTED, 13, -1, CLOSED_FAILED",
    "CONNECTION_TIMEOUT, 14, -1, CLOSED_FAILED",
    "RECOVERY_EXPIRED, 15, 4015, CLOSED_BY_SERVER"
  })
  void table_whenEachReason_thenCodesAndStateOfProtocolSection5(
      CloseReason reason, int code, int webSocketCode, ClosedState state) {
    assertEquals(code, reason.code());
    assertEquals(webSocketCode, reason.webSocketCode());
    assertEquals(state, reason.closedState());
    assertEquals(Optional.of(reason), CloseReason.fromCode(code));
    assertEquals(Optional.of(reason), CloseReason.fromName(reason.name()));
    if (webSocketCode > 0) {
      assertEquals(reason, CloseReason.fromWebSocketCode(webSocketCode));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "1001, CLOSED_BY_SERVER", "1011, UNEXPECTED_ERROR", "1002, CONNECTION_ERROR",
    "4050, CLOSED_BY_SERVER", "4150, CONNECTION_ERROR", "3000, CONNECTION_ERROR"
  })
  void fromWebSocketCode_whenNotInTheTable_thenByRange(int webSocketCode, CloseReason expected) {
    assertEquals(expected, CloseReason.fromWebSocketCode(webSocketCode));
  }

  @Test
  void isRecoverable_whenConnectionLost_thenTrueOtherwiseFalse() {
    assertTrue(CloseReason.CONNECTION_ERROR.isRecoverable());
    assertTrue(CloseReason.IDLE_CONNECTION.isRecoverable());
    assertTrue(CloseReason.CLIENT_UNRESPONSIVE.isRecoverable());
    assertFalse(CloseReason.ACCESS_DENIED.isRecoverable());
    assertFalse(CloseReason.CLOSED_BY_SERVER.isRecoverable());
  }

  @Test
  void lookups_whenUnknown_thenEmpty() {
    assertEquals(Optional.empty(), CloseReason.fromCode(99));
    assertEquals(Optional.empty(), CloseReason.fromName("NOPE"));
    assertEquals(Optional.empty(), ErrorCode.fromCode(1004));
    assertEquals(Optional.of(ErrorCode.LIMIT_EXCEEDED), ErrorCode.fromCode(4029));
  }
}
