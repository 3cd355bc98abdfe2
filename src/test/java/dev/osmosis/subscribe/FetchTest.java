package dev.osmosis.subscribe;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.protocol.TopicQueryFrames;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Fetch at the server: ranges in path order, types, values, limits and permissions. */
class FetchTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));

  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
  final Session client =
      sessions.open(
          handshake("client", "password", Map.of()), new TestSessions.RecordingConnection());

  FetchTest() {
    for (String path : List.of("a", "a/b", "a/b/c", "a/c", "a-b", "b", "secret/x")) {
      topics.addAndSet(ADMIN, path, TopicSpecification.of(TopicType.STRING), "v:" + path);
    }
    topics.addAndSet(
        ADMIN,
        "n/1",
        TopicSpecification.of(TopicType.INT64)
            .withProperty(TopicSpecification.PUBLISH_VALUES_ONLY, "true"),
        1L);
  }

  static FetchQuery query(String selector) {
    return FetchQuery.of(selector);
  }

  static FetchQuery with(FetchQuery q, String lower, boolean li, String upper, boolean ui) {
    return new FetchQuery(
        q.selector(),
        lower,
        li,
        upper,
        ui,
        q.types(),
        q.values(),
        q.valueType(),
        q.properties(),
        q.first(),
        q.last(),
        q.maxResultSize(),
        q.deepBranchDepth(),
        q.deepBranchLimit());
  }

  static FetchQuery limits(String selector, int first, int last, long size, int depth, int limit) {
    return new FetchQuery(
        selector, null, true, null, true, Set.of(), true, null, false, first, last, size, depth,
        limit);
  }

  List<String> paths(Fetcher.Result result) {
    List<String> paths = new ArrayList<>();
    result.items().forEach(i -> paths.add(i.topic().path()));
    return paths;
  }

  Fetcher.Result fetch(FetchQuery q) {
    return subscriptions.fetcher().fetch(client, q);
  }

  @Test
  void pathOrder_whenCompared_thenSegmentWiseParentFirst() {
    List<String> sorted = new ArrayList<>(List.of("b", "a-b", "a/c", "a/b/c", "a/b", "a", "B"));
    sorted.sort(PathOrder.COMPARATOR);
    assertEquals(List.of("B", "a", "a/b", "a/b/c", "a/c", "a-b", "b"), sorted);
  }

  @Test
  void fetch_whenNoOptions_thenReadableMatchesInPathOrderWithoutValues() {
    Fetcher.Result result = fetch(query("*.*"));
    assertEquals(
        List.of("a", "a/b", "a/b/c", "a/c", "a-b", "b", "n/1"),
        paths(result),
        "secret/ is not readable");
    assertFalse(result.hasMore());
    assertTrue(result.items().stream().allMatch(i -> i.value() == null));
  }

  @Test
  void fetch_whenRanges_thenFromAfterToBeforeInPathOrder() {
    assertEquals(
        List.of("a/b", "a/b/c", "a/c"), paths(fetch(with(query("*.*"), "a/b", true, "a/c", true))));
    assertEquals(List.of("a/b/c"), paths(fetch(with(query("*.*"), "a/b", false, "a/c", false))));
    assertEquals(
        List.of("a/c", "a-b", "b", "n/1"),
        paths(fetch(with(query("*.*"), "a/b/c", false, null, true))));
    assertEquals(List.of("a"), paths(fetch(with(query("*.*"), null, true, "a/b", false))));
  }

  @Test
  void fetch_whenTypesOrValueType_thenOnlyThoseTypes() {
    FetchQuery ints =
        new FetchQuery(
            "*.*",
            null,
            true,
            null,
            true,
            Set.of(TopicType.INT64),
            false,
            null,
            false,
            0,
            0,
            0,
            0,
            0);
    assertEquals(List.of("n/1"), paths(fetch(ints)));
    FetchQuery stringValues =
        new FetchQuery(
            "?a/.*", null, true, null, true, Set.of(), true, TopicType.STRING, true, 0, 0, 0, 0, 0);
    Fetcher.Result result = fetch(stringValues);
    assertEquals(List.of("a/b", "a/c"), paths(result));
    assertEquals(
        "{\"t\":\"ok\",\"id\":7,\"results\":[{\"path\":\"a/b\",\"type\":\"STRING\",\"v\":\"v:a/b\","
            + "\"properties\":{}},{\"path\":\"a/c\",\"type\":\"STRING\",\"v\":\"v:a/c\",\"properties\":{}}],"
            + "\"hasMore\":false}",
        TopicQueryFrames.fetchResult(7, result, true));
  }

  @Test
  void fetch_whenFirstOrLast_thenThatManyAndHasMore() {
    Fetcher.Result first = fetch(limits("*.*", 2, 0, 0, 0, 0));
    assertEquals(List.of("a", "a/b"), paths(first));
    assertTrue(first.hasMore());
    Fetcher.Result last = fetch(limits("*.*", 0, 2, 0, 0, 0));
    assertEquals(List.of("b", "n/1"), paths(last), "the last two, still in path order");
    assertTrue(last.hasMore());
    assertFalse(fetch(limits("*.*", 7, 0, 0, 0, 0)).hasMore(), "exactly all: nothing more");
  }

  @Test
  void fetch_whenMaximumResultSize_thenCutBeforeTheResultThatWouldPassIt() {
    // "a" + "\"v:a\"" = 1 + 5 = 6 bytes; "a/b" + "\"v:a/b\"" = 3 + 7 = 10 bytes
    Fetcher.Result result = fetch(limits("*.*", 0, 0, 16, 0, 0));
    assertEquals(List.of("a", "a/b"), paths(result));
    assertTrue(result.hasMore());
    assertEquals(List.of("a"), paths(fetch(limits("*.*", 0, 0, 15, 0, 0))));
    assertEquals(List.of(), paths(fetch(limits("*.*", 0, 0, 5, 0, 0))), "not even the first fits");
  }

  @Test
  void fetch_whenLimitDeepBranches_thenAtMostCountPerBranchAtDepth() {
    // depth 1: branches a (a, a/b, a/b/c, a/c), a-b, b, n (n/1): at most 2 of each
    assertEquals(
        List.of("a", "a/b", "a-b", "b", "n/1"), paths(fetch(limits("*.*", 0, 0, 0, 1, 2))));
    // depth 2: branches a/b (a/b, a/b/c), a/c, n/1 limited to 1; "a", "a-b", "b" are shallower and
    // all stay
    assertEquals(
        List.of("a", "a/b", "a/c", "a-b", "b", "n/1"), paths(fetch(limits("*.*", 0, 0, 0, 2, 1))));
    // last(n) counts from the end, branches too
    assertEquals(List.of("a/b/c", "a/c"), paths(fetch(limits("?a/.*//", 0, 2, 0, 1, 2))));
  }

  @Test
  void fetch_whenSelectTopicMissingOrBadSelector_thenCodedErrors() {
    RequestException denied =
        assertThrows(RequestException.class, () -> fetch(query("?secret/.*")));
    assertEquals(ErrorCode.PERMISSION_DENIED, denied.code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(RequestException.class, () -> fetch(query("?a/["))).code());
  }

  @Test
  void fetch_whenOwner_thenOwnerReadsItsTopicDespiteRoles() {
    topics.addAndSet(
        ADMIN,
        "secret/mine",
        TopicSpecification.of(TopicType.STRING)
            .withProperty(TopicSpecification.OWNER, "$Principal is \"client\""),
        "mine");
    List<String> fetched = paths(fetch(query("*.*")));
    assertTrue(
        fetched.contains("secret/mine") && !fetched.contains("secret/x"), fetched.toString());
  }
}
