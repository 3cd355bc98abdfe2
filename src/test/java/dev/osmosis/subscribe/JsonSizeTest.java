package dev.osmosis.subscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSizeTest {

  static JsonStructure parse(String text) {
    return Json.createReader(new StringReader(text)).read();
  }

  static int compactBytes(JsonValue value) {
    return value.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void of_isTheCompactUtf8Length_escapesAndNonAsciiIncluded() {
    for (String text :
        List.of(
            "{}",
            "[]",
            "[[],{}]",
            "{\"a\":1,\"b\":[true,false,null,-1.5e3]}",
            "{\"q\":\"say \\\"hi\\\" \\\\ \\n\\t\\u0001\"}",
            "[\"é€😀\",{\"ключ\":\"значение\"}]")) {
      JsonStructure value = parse(text);
      assertEquals(compactBytes(value), JsonSize.of(value, 1 << 20, 64).bytes(), text);
    }
  }

  @Test
  void of_withMemo_sameAnswerForSharedSubtrees_andStopsAtTheBounds() {
    JsonStructure doc = parse("{\"s\":\"" + "x".repeat(100) + "\",\"n\":[1,2,{\"d\":[]}]}");
    for (int i = 0; i < 5; i++) { // each copy of "" doubles the text, sharing the one subtree
      doc =
          Json.createPatch(
                  Json.createArrayBuilder()
                      .add(
                          Json.createObjectBuilder()
                              .add("op", "copy")
                              .add("from", "")
                              .add("path", "/c" + i))
                      .build())
              .apply(doc);
    }
    IdentityHashMap<JsonValue, long[]> memo = new IdentityHashMap<>();
    assertEquals(compactBytes(doc), JsonSize.of(doc, 1 << 20, 64, memo).bytes());
    assertEquals(compactBytes(doc), JsonSize.of(doc, 1 << 20, 64, memo).bytes(), "from the memo");
    assertTrue(JsonSize.of(doc, 1000, 64, memo).tooLarge());
    // 4 levels, one more per copy: 9, as the text says
    assertEquals(-1, dev.osmosis.topic.JsonNesting.tooDeepAt(doc.toString(), 9));
    assertTrue(dev.osmosis.topic.JsonNesting.tooDeepAt(doc.toString(), 8) >= 0);
    assertFalse(JsonSize.of(doc, 1 << 20, 9, memo).tooDeep());
    assertTrue(JsonSize.of(doc, 1 << 20, 8, memo).tooDeep());
    assertTrue(
        JsonSize.of(doc, 1 << 20, 8, new IdentityHashMap<>()).tooDeep(), "without the memo too");
  }
}
