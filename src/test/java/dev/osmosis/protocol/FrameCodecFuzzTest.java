package dev.osmosis.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzzes the frame decoder (docs/TESTING.md, fuzzing). Its contract: any text decodes to frames, a
 * bad message to {@link ClientFrame.Invalid} with an error code; nothing is thrown, whatever a
 * client sends. Any exception, a stack overflow, an out-of-memory error or a hang is a finding.
 * {@code mvn test} replays the inputs in
 * src/test/resources/dev/osmosis/protocol/FrameCodecFuzzTestInputs/.
 */
class FrameCodecFuzzTest {

  @FuzzTest
  void decode(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    List<ClientFrame> frames = FrameCodec.decode(text);
    if (frames.isEmpty() && !text.trim().startsWith("[")) {
      throw new IllegalStateException("no frame and no error for a non-batch: " + text);
    }
  }

  @FuzzTest
  void decodeNumbered(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    FrameCodec.decodeNumbered(text);
  }
}
