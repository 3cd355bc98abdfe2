package dev.osmosis.subscribe;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.osmosis.error.RequestException;
import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.FrameCodec;
import dev.osmosis.topic.InvalidValueException;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import java.util.List;

/**
 * Fuzzes JSON Patch application (docs/TESTING.md, fuzzing): a JSON topic value and a patch that
 * arrives as a client sends it (an {@code applyJsonPatch} frame through the frame decoder). Only
 * {@link RequestException} (the patch does not apply, or a limit is reached) may come out; anything
 * else, a stack overflow, an out-of-memory error or a hang is a finding. Small limits keep one
 * execution fast; the limits' own tests use the defaults.
 */
class JsonPatchesFuzzTest {
  private static final ValueLimits LIMITS = new ValueLimits(64 * 1024, 16, 20);

  @FuzzTest
  void apply(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    int nul = input.indexOf('\0'); // the document, a NUL, the patch
    if (nul < 0) {
      return;
    }
    String document = input.substring(0, nul);
    String patch = input.substring(nul + 1);
    TopicValue current;
    try {
      current = TopicType.JSON.value("doc", document);
    } catch (InvalidValueException notJson) {
      return;
    }
    List<ClientFrame> frames =
        FrameCodec.decode(
            "{\"t\":\"applyJsonPatch\",\"id\":1,\"path\":\"doc\",\"patch\":" + patch + "}");
    if (frames.size() != 1 || !(frames.get(0) instanceof ClientFrame.ApplyJsonPatch frame)) {
      return;
    }
    try {
      JsonPatches.apply("doc", current, frame.patch(), LIMITS);
    } catch (RequestException expected) {
      // the documented refusal
    }
  }
}
