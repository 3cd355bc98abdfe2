package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.FrameCodec;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.subscribe.FetchQuery;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.ErrorCode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Fetch, topic notifications and missing topic handlers through the protocol state machine. */
class TopicQueryProtocolTest {
  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);

  final class Peer extends ProtocolPeer {
    Peer(String principal, String password) {
      super(sessions, subscriptions, topics, client -> {}, principal, password);
    }
  }

  @Test
  void decode_whenFetchWithEveryOption_thenQuery() {
    ClientFrame frame =
        FrameCodec.decode(
                "{\"t\":\"fetch\",\"id\":3,\"selector\":\"?a/.*\",\"after\":\"/a/b/\","
                    + "\"before\":\"a/z\",\"types\":[\"JSON\",\"INT64\"],\"values\":\"JSON\",\"properties\":true,\"last\":5,"
                    + "\"maxResultSize\":1000,\"deepBranchDepth\":2,\"deepBranchLimit\":3}")
            .get(0);
    assertEquals(
        new ClientFrame.Fetch(
            3,
            new FetchQuery(
                "?a/.*",
                "a/b",
                false,
                "a/z",
                false,
                Set.of(TopicType.JSON, TopicType.INT64),
                true,
                TopicType.JSON,
                true,
                0,
                5,
                1000,
                2,
                3)),
        frame);
  }

  @Test
  void decode_whenFetchOptionsConflictOrBad_thenCodedInvalid() {
    for (String bad :
        List.of(
            "\"first\":1,\"last\":1",
            "\"from\":\"a\",\"after\":\"a\"",
            "\"first\":0",
            "\"types\":[\"TOASTER\"]",
            "\"deepBranchDepth\":2",
            "\"to\":\"a//b\"")) {
      ClientFrame frame =
          FrameCodec.decode("{\"t\":\"fetch\",\"id\":1,\"selector\":\"a\"," + bad + "}").get(0);
      assertEquals(ErrorCode.INVALID_ARGUMENT, ((ClientFrame.Invalid) frame).code(), bad);
    }
    ClientFrame frame = FrameCodec.decode("{\"t\":\"fetch\",\"id\":1}").get(0);
    assertEquals(ErrorCode.INVALID_FIELD, ((ClientFrame.Invalid) frame).code());
  }

  @Test
  void fetch_whenSent_thenOkWithResultsAndHasMore() {
    Peer admin = new Peer("admin", "secret");
    admin.send("{\"t\":\"addAndSet\",\"id\":1,\"path\":\"f/a\",\"type\":\"INT64\",\"v\":1}");
    admin.send("{\"t\":\"addAndSet\",\"id\":2,\"path\":\"f/b\",\"type\":\"INT64\",\"v\":2}");
    Peer client = new Peer("client", "password");
    assertEquals(
        "{\"t\":\"ok\",\"id\":3,\"results\":[{\"path\":\"f/a\",\"type\":\"INT64\",\"v\":1}],\"hasMore\":true}",
        client.send(
            "{\"t\":\"fetch\",\"id\":3,\"selector\":\"?f/.*\",\"values\":true,\"first\":1}"));
    assertTrue(
        client
            .send("{\"t\":\"fetch\",\"id\":4,\"selector\":\"?secret/.*\"}")
            .contains("\"code\":3001"));
  }

  @Test
  void select_whenHandlerProceeds_thenSubscribeBeforeOkWithOutcome() {
    Peer handler = new Peer("admin", "secret");
    assertEquals(
        "{\"t\":\"ok\",\"id\":1,\"path\":\"lazy\"}",
        handler.send("{\"t\":\"addMissingTopicHandler\",\"id\":1,\"path\":\"lazy\"}"));
    Peer client = new Peer("client", "password");
    assertEquals(null, client.send("{\"t\":\"select\",\"id\":2,\"selector\":\">lazy/x\"}"));
    String request = handler.connection.last();
    assertTrue(request.startsWith("{\"t\":\"missingTopic\",\"rid\":"), request);
    String rid =
        request.substring(request.indexOf("\"rid\":") + 6, request.indexOf(",\"handler\""));
    handler.send("{\"t\":\"addTopic\",\"id\":3,\"path\":\"lazy/x\",\"type\":\"STRING\"}");
    handler.send("{\"t\":\"missingTopicResponse\",\"rid\":" + rid + ",\"action\":\"PROCEED\"}");
    assertEquals(2, client.connection.sent.size(), client.connection.sent.toString());
    assertTrue(client.connection.sent.get(0).contains("\"t\":\"subscribe\""));
    assertEquals(
        "{\"t\":\"ok\",\"id\":2,\"count\":1,\"missingTopic\":\"PROCEED\"}",
        client.connection.last());
    assertEquals(
        "{\"t\":\"ok\",\"id\":4,\"removed\":true}",
        handler.send("{\"t\":\"removeMissingTopicHandler\",\"id\":4,\"path\":\"lazy\"}"));
  }

  @Test
  void notifications_whenSelected_thenEventsThenCount() {
    Peer admin = new Peer("admin", "secret");
    admin.send("{\"t\":\"addTopic\",\"id\":1,\"path\":\"t/1\",\"type\":\"JSON\"}");
    Peer client = new Peer("client", "password");
    assertEquals(
        "{\"t\":\"ok\",\"id\":2,\"count\":1}",
        client.send("{\"t\":\"selectNotifications\",\"id\":2,\"selector\":\"?t/.*\"}"));
    assertTrue(client.connection.sent.get(0).contains("\"event\":\"SELECTED\""));
    assertEquals(
        "{\"t\":\"ok\",\"id\":3,\"count\":1}",
        client.send("{\"t\":\"deselectNotifications\",\"id\":3,\"selector\":\"?t/.*\"}"));
  }
}
