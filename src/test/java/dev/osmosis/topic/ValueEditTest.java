package dev.osmosis.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueEditTest {

  static ValueEdit edit(String before, String after) {
    return ValueEdit.of(TopicValue.string(before), TopicValue.string(after));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hello world|hello there|6|5|there",
        "abc|abcdef|3|0|def",
        "abcdef|abc|3|3|''",
        "abc|xabc|0|0|x",
        "aaaa|aaaaa|4|0|a",
        "same|same|4|0|''",
        "a-b|a+b|1|1|+"
      })
  void of_whenStrings_thenOneEditBetweenPrefixAndSuffix(
      String before, String after, int at, int remove, String insert) {
    ValueEdit e = edit(before, after);
    assertEquals(new ValueEdit(at, remove, TopicValue.string(insert)), e);
    assertEquals(TopicValue.string(after), e.applyTo(TopicValue.string(before)));
  }

  @Test
  void of_whenNothingShared_thenNull() {
    assertNull(edit("abc", "xyz"));
    assertNull(edit("", "x"));
    assertNull(
        ValueEdit.of(
            TopicValue.binary(new byte[] {1, 2}), TopicValue.binary(new byte[] {3, 4, 5})));
  }

  @Test
  void of_whenChangeInsideASurrogatePair_thenTheInsertHasWholeCharacters() {
    // U+1F600 and U+1F601 share their high surrogate; U+1F600 and U+2F600 their low one
    String[][] cases = {
      {"a\uD83D\uDE00b", "a\uD83D\uDE01b"}, {"\uD83D\uDE00", "\uD87D\uDE00"}, {"x\uD83D\uDE00", "x"}
    };
    for (String[] c : cases) {
      ValueEdit e = edit(c[0], c[1]);
      if (e == null) {
        continue;
      }
      String insert = ((TopicValue.OfString) e.insert()).value();
      assertEquals(-1, StrictValues.unpairedSurrogate(insert), c[1]);
      assertEquals(
          insert, new String(insert.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
      assertEquals(TopicValue.string(c[1]), e.applyTo(TopicValue.string(c[0])));
    }
  }

  /** Random pairs with shared parts: every edit applies back to the new value. */
  @Test
  void fuzz_whenRandomStringsAndBytes_thenRoundTrip() {
    Random random = new Random(20261206);
    String alphabet = "ab\uD83D\uDE00\uD83D\uDE01\u00e9 ";
    for (int i = 0; i < 20_000; i++) {
      String before = randomText(random, alphabet);
      String after = mutate(random, before, alphabet);
      ValueEdit e = edit(before, after);
      if (e != null) {
        assertEquals(TopicValue.string(after), e.applyTo(TopicValue.string(before)), before);
        assertFalse(e.at() < 0 || e.remove() < 0 || e.at() + e.remove() > before.length());
        String insert = ((TopicValue.OfString) e.insert()).value();
        assertEquals(-1, StrictValues.unpairedSurrogate(insert), after);
      }
      byte[] b = before.getBytes(StandardCharsets.UTF_8);
      byte[] a = after.getBytes(StandardCharsets.UTF_8);
      ValueEdit be = ValueEdit.of(TopicValue.binary(b), TopicValue.binary(a));
      if (be != null) {
        assertEquals(TopicValue.binary(a), be.applyTo(TopicValue.binary(b)));
      }
    }
  }

  private static String randomText(Random random, String alphabet) {
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(12);
    for (int k = 0; k < n; k++) {
      s.append(character(random, alphabet));
    }
    return s.toString();
  }

  private static String character(Random random, String alphabet) {
    int at = random.nextInt(alphabet.length());
    if (Character.isLowSurrogate(alphabet.charAt(at))) {
      at--;
    }
    return Character.isHighSurrogate(alphabet.charAt(at))
        ? alphabet.substring(at, at + 2)
        : alphabet.substring(at, at + 1);
  }

  private static String mutate(Random random, String s, String alphabet) {
    StringBuilder out = new StringBuilder(s);
    int edits = 1 + random.nextInt(3);
    for (int k = 0; k < edits; k++) {
      int cp = out.codePointCount(0, out.length());
      int at = out.offsetByCodePoints(0, random.nextInt(cp + 1));
      if (random.nextBoolean() && at < out.length()) {
        out.delete(at, at + Character.charCount(out.codePointAt(at)));
      } else {
        out.insert(at, character(random, alphabet));
      }
    }
    return out.toString();
  }
}
