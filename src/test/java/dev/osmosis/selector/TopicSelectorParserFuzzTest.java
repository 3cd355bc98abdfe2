package dev.osmosis.selector;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the selector parser (docs/TESTING.md, fuzzing) and what it compiles. Only {@link
 * SelectorSyntaxException} may come out of {@code parse}, and a parsed selector answers {@code
 * matches} for any path; any other exception, a stack overflow, an out-of-memory error or a hang (a
 * regular expression that backtracks for ever) is a finding.
 */
class TopicSelectorParserFuzzTest {
  private static final TopicSelectorParser PARSER = new TopicSelectorParser();

  @FuzzTest
  void parseAndMatch(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    int nul = input.indexOf('\0'); // the selector, then optionally a NUL and a path to match
    String text = nul < 0 ? input : input.substring(0, nul);
    String path = nul < 0 ? "a/b" : input.substring(nul + 1);
    TopicSelector selector;
    try {
      selector = PARSER.parse(text);
    } catch (SelectorSyntaxException expected) {
      return;
    }
    selector.literalPrefix();
    selector.matches(path);
    selector.matches("a/b/c/" + "x".repeat(40));
  }
}
