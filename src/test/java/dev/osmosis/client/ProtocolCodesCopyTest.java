package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The JDK-only client keeps its own copies of the protocol's error codes and close reasons (docs/PROTOCOL.md §4,
 * §5); the server has {@code protocol.ErrorCode} and {@code session.CloseReason}. The copies must not drift.
 */
class ProtocolCodesCopyTest {

  @Test
  void errorCodes_whenCompared_thenSameNamesAndNumbers() {
    assertEquals(codes(dev.osmosis.protocol.ErrorCode.values(), dev.osmosis.protocol.ErrorCode::code),
        codes(ErrorCode.values(), ErrorCode::code));
  }

  @Test
  void closeReasons_whenCompared_thenSameNamesAndCodes() {
    assertEquals(codes(dev.osmosis.session.CloseReason.values(), dev.osmosis.session.CloseReason::code),
        codes(CloseReason.values(), CloseReason::code));
  }

  /** RECONNECT_ABORTED and CONNECTION_TIMEOUT are the client's own conclusions: no WebSocket code (PROTOCOL §5). */
  @Test
  void closeReasons_whenSentOnTheWire_thenSameWebSocketCodes() {
    for (CloseReason reason : CloseReason.values()) {
      if (reason.webSocketCode() != -1) {
        assertEquals(dev.osmosis.session.CloseReason.valueOf(reason.name()).webSocketCode(), reason.webSocketCode(),
            reason.name());
      }
    }
  }

  private static <E extends Enum<E>> Map<String, Integer> codes(E[] values, Function<E, Integer> number) {
    return Arrays.stream(values).collect(Collectors.toMap(Enum::name, number, (a, b) -> a, TreeMap::new));
  }
}
