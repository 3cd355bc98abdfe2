package dev.osmosis.filter;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the session filter parser (docs/TESTING.md, fuzzing). Only {@link FilterSyntaxException}
 * may come out of {@code parse}, and a parsed filter evaluates against any session; anything else,
 * a stack overflow, an out-of-memory error or a hang is a finding.
 */
class SessionFilterParserFuzzTest {
  private static final SessionFilterParser PARSER = new SessionFilterParser();
  private static final SampleSession SESSION =
      SampleSession.named("s")
          .with("Department", "Accounts")
          .with("$Principal", "client")
          .with("x", "1.5")
          .roles("CLIENT");

  @FuzzTest
  void parseAndEvaluate(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    SessionFilter filter;
    try {
      filter = PARSER.parse(text);
    } catch (FilterSyntaxException expected) {
      return;
    }
    filter.matches(SESSION);
    filter.matches(SampleSession.named("empty"));
  }
}
