package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** RFC 6902 on the client's JSON model, with RFC 6901 pointers. */
class JsonPatchTest {

  private static String apply(String document, String patch) {
    return Json.write(JsonPatch.apply(Json.parse(document), Json.parse(patch)));
  }

  private static String failure(String document, String patch) {
    return assertThrows(IllegalArgumentException.class, () -> apply(document, patch)).getMessage();
  }

  @Test
  void add_whenMemberIndexOrDash_thenInserted() {
    assertEquals(
        "{\"a\":1,\"b\":2}", apply("{\"a\":1}", "[{\"op\":\"add\",\"path\":\"/b\",\"value\":2}]"));
    assertEquals("{\"a\":3}", apply("{\"a\":1}", "[{\"op\":\"add\",\"path\":\"/a\",\"value\":3}]"));
    assertEquals(
        "[0,9,1,2,7]",
        apply(
            "[0,1,2]",
            "[{\"op\":\"add\",\"path\":\"/1\",\"value\":9},"
                + "{\"op\":\"add\",\"path\":\"/-\",\"value\":7}]"));
    assertEquals("[1,5]", apply("[1]", "[{\"op\":\"add\",\"path\":\"/1\",\"value\":5}]"));
    assertEquals(
        "{\"x\":[1]}", apply("[1]", "[{\"op\":\"add\",\"path\":\"\",\"value\":{\"x\":[1]}}]"));
  }

  @Test
  void removeAndReplace_whenPresent_thenApplied() {
    assertEquals(
        "{\"b\":[2]}",
        apply(
            "{\"a\":1,\"b\":[1,2]}",
            "[{\"op\":\"remove\",\"path\":\"/a\"},{\"op\":\"remove\",\"path\":\"/b/0\"}]"));
    assertEquals(
        "{\"a\":{\"c\":true},\"b\":[1,\"x\"]}",
        apply(
            "{\"a\":1,\"b\":[1,2]}",
            "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":{\"c\":true}},"
                + "{\"op\":\"replace\",\"path\":\"/b/1\",\"value\":\"x\"}]"));
    assertEquals("7", apply("{\"a\":1}", "[{\"op\":\"replace\",\"path\":\"\",\"value\":7}]"));
  }

  @Test
  void moveCopyTest_whenValid_thenApplied() {
    assertEquals(
        "{\"d\":[1,2],\"b\":{\"c\":1}}",
        apply(
            "{\"a\":{\"c\":1},\"d\":[1,2]}",
            "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/b\"}]"));
    assertEquals("[2,1]", apply("[1,2]", "[{\"op\":\"move\",\"from\":\"/0\",\"path\":\"/-\"}]"));
    assertEquals(
        "{\"a\":[1],\"b\":[1,2]}",
        apply(
            "{\"a\":[1]}",
            "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/b\"},"
                + "{\"op\":\"add\",\"path\":\"/b/-\",\"value\":2}]"),
        "a copy is deep: changing it leaves the original");
    assertEquals(
        "{\"a\":1,\"o\":{\"x\":1,\"y\":[true]}}",
        apply(
            "{\"a\":1,\"o\":{\"x\":1,\"y\":[true]}}",
            "[{\"op\":\"test\",\"path\":\"/a\",\"value\":1.0},"
                + "{\"op\":\"test\",\"path\":\"/o\",\"value\":{\"y\":[true],\"x\":1}}]"));
  }

  @Test
  void pointer_whenEscapes_thenTildeAndSlashMembers() {
    assertEquals(
        "{\"a/b\":2,\"m~n\":3,\"~1\":4,\"\":5}",
        apply(
            "{\"a/b\":1,\"m~n\":1,\"~1\":1,\"\":1}",
            "[{\"op\":\"replace\",\"path\":\"/a~1b\",\"value\":2},"
                + "{\"op\":\"replace\",\"path\":\"/m~0n\",\"value\":3},"
                + "{\"op\":\"replace\",\"path\":\"/~01\",\"value\":4},"
                + "{\"op\":\"replace\",\"path\":\"/\",\"value\":5}]"));
  }

  @Test
  void apply_whenOperationCannotApply_thenErrorNamingIt() {
    assertEquals(
        "JSON patch operation 1 (replace) failed: no member \"zz\"",
        failure(
            "{\"a\":1}",
            "[{\"op\":\"test\",\"path\":\"/a\",\"value\":1},"
                + "{\"op\":\"replace\",\"path\":\"/zz\",\"value\":2}]"));
    assertEquals(
        "JSON patch operation 0 (test) failed: the value at /a differs",
        failure("{\"a\":1}", "[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]"));
    assertEquals(
        "JSON patch operation 0 (remove) failed: index 2 is out of bounds",
        failure("[1,2]", "[{\"op\":\"remove\",\"path\":\"/2\"}]"));
    assertEquals(
        "JSON patch operation 0 (add) failed: \"01\" is not an array index",
        failure("[1,2]", "[{\"op\":\"add\",\"path\":\"/01\",\"value\":0}]"));
    assertEquals(
        "JSON patch operation 0 (move) failed: cannot move a value into itself",
        failure("{\"a\":{}}", "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/a/b\"}]"));
    assertEquals(
        "JSON patch operation 0 (add) failed: pointer \"a\" does not start with '/'",
        failure("{}", "[{\"op\":\"add\",\"path\":\"a\",\"value\":1}]"));
    assertEquals(
        "JSON patch operation 0 (add) failed: pointer \"/a~2\" has a bad '~' escape",
        failure("{}", "[{\"op\":\"add\",\"path\":\"/a~2\",\"value\":1}]"));
    assertEquals(
        "JSON patch operation 0 (add) failed: no value",
        failure("{}", "[{\"op\":\"add\",\"path\":\"/a\"}]"));
    assertEquals(
        "JSON patch operation 0 (frobnicate) failed: unknown operation",
        failure("{}", "[{\"op\":\"frobnicate\",\"path\":\"/a\"}]"));
    assertEquals(
        "JSON patch operation 0 (add) failed: \"b\" is below a scalar",
        failure("{\"a\":1}", "[{\"op\":\"add\",\"path\":\"/a/b/c\",\"value\":1}]"));
    assertEquals("A JSON patch must be an array of operations", failure("{}", "{}"));
  }
}
