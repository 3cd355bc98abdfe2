package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.control.Target;
import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.FrameCodec;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.wire.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Selection scopes and client control's selections and conflation through the protocol state
 * machine (PROTOCOL.md §8, §9).
 */
class SelectionProtocolTest {
  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);

  final class Peer extends ProtocolPeer {
    Peer(String principal, String password) {
      super(sessions, subscriptions, topics, client -> {}, principal, password);
    }
  }

  @Test
  void decode_whenScopesAndNewFrames_thenFrames() {
    assertEquals(
        new ClientFrame.Select(1, ">a", "s"),
        FrameCodec.decode("{\"t\":\"select\",\"id\":1,\"selector\":\">a\",\"scope\":\"s\"}")
            .get(0));
    assertEquals(
        new ClientFrame.Select(1, ">a", null),
        FrameCodec.decode("{\"t\":\"select\",\"id\":1,\"selector\":\">a\"}").get(0));
    assertEquals(
        new ClientFrame.Unselect(2, ">a", ""),
        FrameCodec.decode("{\"t\":\"unselect\",\"id\":2,\"selector\":\">a\"}").get(0));
    assertEquals(
        new ClientFrame.Unselect(3, ">a", null),
        FrameCodec.decode("{\"t\":\"unselectAllScopes\",\"id\":3,\"selector\":\">a\"}").get(0));
    assertEquals(
        new ClientFrame.SubscribeControl(4, Target.filter("all"), ">a", false, null),
        FrameCodec.decode(
                "{\"t\":\"unsubscribeSessionAllScopes\",\"id\":4,\"filter\":\"all\",\"selector\":\">a\"}")
            .get(0));
    assertEquals(
        new ClientFrame.SetConflated(5, Target.filter("all"), false),
        FrameCodec.decode(
                "{\"t\":\"setConflated\",\"id\":5,\"filter\":\"all\",\"conflated\":false}")
            .get(0));
    for (String bad :
        List.of(
            "{\"t\":\"select\",\"id\":1,\"selector\":\">a\",\"scope\":3}",
            "{\"t\":\"setConflated\",\"id\":1,\"filter\":\"all\",\"conflated\":\"no\"}",
            "{\"t\":\"getTopicSelections\",\"id\":1}")) {
      assertEquals(
          ErrorCode.INVALID_FIELD,
          ((ClientFrame.Invalid) FrameCodec.decode(bad).get(0)).code(),
          bad);
    }
  }

  @Test
  void scopes_thenUnselectInOneScopeKeepsWhatAnotherSelects_andControlReadsThem() {
    Peer admin = new Peer("admin", "secret");
    admin.send("{\"t\":\"addAndSet\",\"id\":1,\"path\":\"s/a\",\"type\":\"INT64\",\"v\":1}");
    Peer client = new Peer("client", "password");
    client.send("{\"t\":\"select\",\"id\":1,\"selector\":\"?s//\",\"scope\":\"panel\"}");
    assertEquals(
        "{\"t\":\"ok\",\"id\":2,\"count\":0}",
        client.send("{\"t\":\"select\",\"id\":2,\"selector\":\">s/a\"}"));
    assertEquals(
        "{\"t\":\"ok\",\"id\":3,\"count\":0}",
        client.send("{\"t\":\"unselect\",\"id\":3,\"selector\":\">s/a\"}"));

    assertEquals(
        "{\"t\":\"ok\",\"id\":4,\"selections\":{\"panel\":[\"?s//\"]}}",
        admin.send("{\"t\":\"getTopicSelections\",\"id\":4,\"session\":\"" + client.id() + "\"}"));

    assertEquals(
        "{\"t\":\"ok\",\"id\":5,\"count\":1}",
        admin.send(
            "{\"t\":\"subscribeSession\",\"id\":5,\"session\":\""
                + client.id()
                + "\",\"selector\":\">s/a\",\"scope\":\"ctl\"}"));
    assertEquals(
        "{\"t\":\"ok\",\"id\":6,\"count\":1}",
        admin.send(
            "{\"t\":\"unsubscribeSessionAllScopes\",\"id\":6,\"session\":\""
                + client.id()
                + "\",\"selector\":\"?s//\"}"));
    assertTrue(
        client.connection.last().startsWith("{\"t\":\"unsubscribe\""), client.connection.last());
    assertEquals(
        "{\"t\":\"ok\",\"id\":7,\"selections\":{\"ctl\":[\">s/a\"]}}",
        admin.send("{\"t\":\"getTopicSelections\",\"id\":7,\"session\":\"" + client.id() + "\"}"));
  }

  @Test
  void badScope_andMissingPermission_thenCodedErrors() {
    Peer client = new Peer("client", "password");
    String bad = client.send("{\"t\":\"select\",\"id\":1,\"selector\":\">a\",\"scope\":\"$x\"}");
    assertTrue(bad.contains("\"code\":4001") && bad.contains("invalid selection scope"), bad);
    String denied =
        client.send("{\"t\":\"getTopicSelections\",\"id\":2,\"session\":\"" + client.id() + "\"}");
    assertTrue(denied.contains("\"code\":3001") && denied.contains("VIEW_SESSION"), denied);
    denied =
        client.send("{\"t\":\"setConflated\",\"id\":3,\"filter\":\"all\",\"conflated\":false}");
    assertTrue(denied.contains("\"code\":3001"), denied);
  }

  @Test
  void setConflated_thenCountOfSessions() {
    Peer admin = new Peer("admin", "secret");
    Peer client = new Peer("client", "password");
    assertEquals(
        "{\"t\":\"ok\",\"id\":1,\"count\":1}",
        admin.send(
            "{\"t\":\"setConflated\",\"id\":1,\"session\":\""
                + client.id()
                + "\",\"conflated\":false}"));
  }
}
