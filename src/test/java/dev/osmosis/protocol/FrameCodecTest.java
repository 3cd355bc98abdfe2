package dev.osmosis.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.topic.JsonNesting;
import dev.osmosis.wire.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

  static String nested(int levels) {
    return "[".repeat(levels) + "]".repeat(levels);
  }

  static ClientFrame.Invalid onlyInvalid(List<ClientFrame> frames) {
    assertEquals(1, frames.size());
    return assertInstanceOf(ClientFrame.Invalid.class, frames.get(0));
  }

  @Test
  void decode_whenNestedBeyondParssonsLimit_thenMalformedMessage_notAnException() {
    // Parsson throws a plain RuntimeException past 1,000 levels; this used to escape the codec
    ClientFrame.Invalid invalid = onlyInvalid(FrameCodec.decode(nested(5_000)));
    assertEquals(ErrorCode.MALFORMED_MESSAGE, invalid.code());
    assertTrue(
        invalid.message().startsWith("the frame nests deeper than 66 levels"), invalid.message());

    FrameCodec.Numbered numbered =
        FrameCodec.decodeNumbered("{\"t\":\"connect\",\"v\":" + nested(2_000) + "}").get(0);
    assertEquals(
        ErrorCode.MALFORMED_MESSAGE,
        assertInstanceOf(ClientFrame.Invalid.class, numbered.frame()).code());
  }

  @Test
  void decode_whenParssonRefusesBelowOurBound_thenStillMalformedMessage() {
    ClientFrame.Invalid invalid = onlyInvalid(FrameCodec.decode(nested(1_500), 10_000));
    assertEquals(ErrorCode.MALFORMED_MESSAGE, invalid.code());
    assertTrue(invalid.message().startsWith("not valid JSON: "), invalid.message());
  }

  @Test
  void decode_atTheBound_thenDecoded_bracketsInStringsDoNotCount() {
    String value = "[".repeat(64) + "\"[[[{{{\\\"\"" + "]".repeat(64);
    List<ClientFrame> frames =
        FrameCodec.decode(
            "[{\"t\":\"set\",\"id\":1,\"path\":\"p\",\"type\":\"JSON\",\"v\":" + value + "}]");
    assertInstanceOf(ClientFrame.SetValue.class, frames.get(0));
    assertEquals(
        ErrorCode.MALFORMED_MESSAGE,
        onlyInvalid(FrameCodec.decode("[[{\"t\":\"ping\",\"id\":1,\"v\":" + value + "}]]")).code());
  }

  @Test
  void tooDeepAt_givesTheOffsetOfTheFirstBracketPastTheBound() {
    assertEquals(-1, JsonNesting.tooDeepAt("{\"a\":[1,{\"b\":[]}]}", 4));
    assertEquals(13, JsonNesting.tooDeepAt("{\"a\":[1,{\"b\":[]}]}", 3));
    assertEquals(-1, JsonNesting.tooDeepAt("\"[[[[\"", 0));
  }

  @Test
  void connect_withTopics_thenTheLastSequencePerPath_withoutThenNull_badThenInvalidField() {
    String reconnect =
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\"a-b\",\"token\":\"t\","
            + "\"ack\":3,\"topics\":{\"fx/EURUSD\":41,\"fx/GBPUSD\":0}}";
    ClientFrame.Connect connect =
        assertInstanceOf(ClientFrame.Connect.class, FrameCodec.decode(reconnect).get(0));
    assertEquals(java.util.Map.of("fx/EURUSD", 41L, "fx/GBPUSD", 0L), connect.topics());
    ClientFrame.Connect plain =
        assertInstanceOf(
            ClientFrame.Connect.class, FrameCodec.decode("{\"t\":\"connect\",\"v\":1}").get(0));
    assertEquals(null, plain.topics(), "an old client sends none");
    ClientFrame.Invalid bad =
        onlyInvalid(FrameCodec.decode("{\"t\":\"connect\",\"v\":1,\"topics\":{\"a\":-1}}"));
    assertEquals(ErrorCode.INVALID_FIELD, bad.code());
    assertEquals(
        "\"topics\" must map each topic path to a non-negative integer, a is not", bad.message());
  }

  @Test
  void connect_withNotified_thenItsDigest_withoutThenNull_badThenInvalidField() {
    ClientFrame.Connect connect =
        assertInstanceOf(
            ClientFrame.Connect.class,
            FrameCodec.decode(
                    "{\"t\":\"connect\",\"v\":1,\"notified\":{\"count\":2,\"hash\":\"ff00000000000001\"}}")
                .get(0));
    assertEquals(2, connect.notified().count());
    assertEquals(0xff00000000000001L, connect.notified().hash());
    assertEquals(
        null,
        ((ClientFrame.Connect) FrameCodec.decode("{\"t\":\"connect\",\"v\":1}").get(0)).notified(),
        "an old client sends none");
    assertEquals(null, connect.notified().descendants(), "an older client: no descendants");
    ClientFrame.Connect both =
        (ClientFrame.Connect)
            FrameCodec.decode(
                    "{\"t\":\"connect\",\"v\":1,\"notified\":{\"count\":0,\"hash\":\"0\","
                        + "\"descendants\":{\"count\":3,\"hash\":\"ab\"}}}")
                .get(0);
    assertEquals(3, both.notified().descendants().count());
    assertEquals(0xab, both.notified().descendants().hash());
    ClientFrame.Invalid badDescendants =
        onlyInvalid(
            FrameCodec.decode(
                "{\"t\":\"connect\",\"v\":1,\"notified\":{\"count\":0,\"hash\":\"0\","
                    + "\"descendants\":{\"count\":-1,\"hash\":\"0\"}}}"));
    assertEquals(ErrorCode.INVALID_FIELD, badDescendants.code());
    assertEquals(
        "\"notified\".\"descendants\" must be an object with \"count\" (a non-negative integer)"
            + " and \"hash\" (1 to 16 hexadecimal digits)",
        badDescendants.message());
    ClientFrame.Invalid bad =
        onlyInvalid(
            FrameCodec.decode(
                "{\"t\":\"connect\",\"v\":1,\"notified\":{\"count\":1,\"hash\":\"xyz\"}}"));
    assertEquals(ErrorCode.INVALID_FIELD, bad.code());
    assertEquals(
        "\"notified\" must be an object with \"count\" (a non-negative integer) and \"hash\" (1 to"
            + " 16 hexadecimal digits)",
        bad.message());
  }
}
