package dev.osmosis.subscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.error.RequestException;
import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.FrameCodec;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.ErrorCode;
import org.junit.jupiter.api.Test;

/**
 * Inputs found by {@link JsonPatchesFuzzTest}, readable; their Jazzer inputs are replayed from
 * JsonPatchesFuzzTestInputs/apply/ (docs/TESTING.md).
 */
class JsonPatchesFindingsTest {

  @Test
  void apply_whenMoveHasNoFrom_thenInvalidArgumentNotNullPointerException() {
    assertInvalidArgument("[{\"op\":\"move\",\"path\":\"/d\"}]");
  }

  @Test
  void apply_whenOperationHasNeitherOpNorPath_thenInvalidArgumentNotNullPointerException() {
    assertInvalidArgument("[{}]");
    assertInvalidArgument("[{\"o\":\"/d\"}]");
  }

  private static void assertInvalidArgument(String patch) {
    ClientFrame.ApplyJsonPatch frame =
        (ClientFrame.ApplyJsonPatch)
            FrameCodec.decode(
                    "{\"t\":\"applyJsonPatch\",\"id\":1,\"path\":\"doc\",\"patch\":" + patch + "}")
                .get(0);

    RequestException refused =
        assertThrows(
            RequestException.class,
            () ->
                JsonPatches.apply(
                    "doc",
                    TopicType.JSON.value("doc", "{\"a\":{\"b\":1}}"),
                    frame.patch(),
                    ValueLimits.defaults()));

    assertEquals(ErrorCode.INVALID_ARGUMENT, refused.code(), patch);
  }
}
