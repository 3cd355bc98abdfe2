package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.session.Transport;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import java.util.function.Consumer;

/**
 * A client of the protocol tests: a {@link ClientConnection} over a recording connection, set up by
 * the test (messaging, security...), then connected as a principal ({@code null}: anonymous), with
 * what the handshake sent cleared.
 */
class ProtocolPeer {
  final TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();
  final ClientConnection client;

  ProtocolPeer(
      Sessions sessions,
      Subscriptions subscriptions,
      TopicControl topics,
      Consumer<ClientConnection> setUp,
      String principal,
      String password) {
    client =
        new ClientConnection(
            sessions,
            TestSessions.control(sessions),
            subscriptions,
            topics,
            connection,
            Transport.WEBSOCKET,
            TestSessions.CLOCK);
    setUp.accept(client);
    client.onText(
        principal == null
            ? "{\"t\":\"connect\",\"v\":1}"
            : "{\"t\":\"connect\",\"v\":1,\"principal\":\""
                + principal
                + "\",\"credentials\":\""
                + password
                + "\"}");
    assertTrue(client.session() != null, connection.sent.toString());
    connection.sent.clear();
  }

  /** Sends a frame; the last frame the connection has sent since the handshake, null for none. */
  String send(String text) {
    client.onText(text);
    return connection.sent.isEmpty() ? null : connection.last();
  }

  /** The session's id. */
  String id() {
    return client.session().id().toString();
  }
}
