package dev.osmosis.subscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.ErrorCode;
import dev.osmosis.protocol.FrameCodec;
import dev.osmosis.protocol.ProtocolException;
import dev.osmosis.topic.TopicType;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Inputs found by {@link JsonPatchesFuzzTest}, readable. Open findings stay disabled until their fix lands; their
 * Jazzer input is in src/test/resources/fuzz-findings/ and moves into JsonPatchesFuzzTestInputs/apply/ with the fix
 * (docs/TESTING.md).
 */
class JsonPatchesFindingsTest {

  @Disabled("open fuzz finding: Parsson throws NullPointerException for a move without \"from\"; JsonPatches only "
      + "turns JsonException, ClassCastException and IllegalArgumentException into a 4001")
  @Test
  void apply_whenMoveHasNoFrom_thenInvalidArgumentNotNullPointerException() {
    assertInvalidArgument("[{\"op\":\"move\",\"path\":\"/d\"}]");
  }

  @Disabled("open fuzz finding: Parsson throws NullPointerException for an operation with neither \"op\" nor "
      + "\"path\" ({} or {\"o\":\"/d\"}); with a path it answers 'must contain op' as it should")
  @Test
  void apply_whenOperationHasNeitherOpNorPath_thenInvalidArgumentNotNullPointerException() {
    assertInvalidArgument("[{}]");
    assertInvalidArgument("[{\"o\":\"/d\"}]");
  }

  private static void assertInvalidArgument(String patch) {
    ClientFrame.ApplyJsonPatch frame = (ClientFrame.ApplyJsonPatch) FrameCodec.decode(
        "{\"t\":\"applyJsonPatch\",\"id\":1,\"path\":\"doc\",\"patch\":" + patch + "}").get(0);

    ProtocolException refused = assertThrows(ProtocolException.class, () -> JsonPatches.apply("doc",
        TopicType.JSON.value("doc", "{\"a\":{\"b\":1}}"), frame.patch(), ValueLimits.defaults()));

    assertEquals(ErrorCode.INVALID_ARGUMENT, refused.code(), patch);
  }
}
