package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The JDK-only client keeps its own close reasons (docs/PROTOCOL.md §5): the same names and codes
 * as the server's {@code session.CloseReason}, with the client's own meaning attached (the state a
 * session closes in, whether a reason is recoverable). The copies must not drift. (The error codes
 * are shared: {@code wire.ErrorCode}.)
 */
class CloseReasonCopyTest {

  @Test
  void closeReasons_whenCompared_thenSameNamesAndCodes() {
    assertEquals(
        codes(dev.osmosis.session.CloseReason.values(), dev.osmosis.session.CloseReason::code),
        codes(CloseReason.values(), CloseReason::code));
  }

  /**
   * RECONNECT_ABORTED and CONNECTION_TIMEOUT are the client's own conclusions: no WebSocket code
   * (PROTOCOL §5).
   */
  @Test
  void closeReasons_whenSentOnTheWire_thenSameWebSocketCodes() {
    for (CloseReason reason : CloseReason.values()) {
      if (reason.webSocketCode() != -1) {
        assertEquals(
            dev.osmosis.session.CloseReason.valueOf(reason.name()).webSocketCode(),
            reason.webSocketCode(),
            reason.name());
      }
    }
  }

  private static <E extends Enum<E>> Map<String, Integer> codes(
      E[] values, Function<E, Integer> number) {
    return Arrays.stream(values)
        .collect(Collectors.toMap(Enum::name, number, (a, b) -> a, TreeMap::new));
  }
}
