package dev.osmosis.topic;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the removal-policy parser (docs/TESTING.md, fuzzing). Only {@link RemovalSyntaxException}
 * may come out of {@code parse}; anything else, a stack overflow, an out-of-memory error or a hang
 * is a finding.
 */
class RemovalPolicyParserFuzzTest {

  @FuzzTest
  void parse(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      RemovalPolicy.parse(text);
    } catch (RemovalSyntaxException expected) {
      // the documented refusal
    }
  }
}
