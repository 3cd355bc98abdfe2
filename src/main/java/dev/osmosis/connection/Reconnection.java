package dev.osmosis.connection;

import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.session.Connection;
import dev.osmosis.session.HandshakeRefusedException;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.Transport;
import dev.osmosis.subscribe.TopicResume;
import dev.osmosis.wire.CloseReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The handshake's answer and its reconnect half (docs/PROTOCOL.md §12): a {@code connect} with a
 * session id and token resumes that sequenced session on a new connection, or is refused with the
 * close the connection gets. {@link ClientConnection} holds the state; this holds the checks.
 */
final class Reconnection {
  private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());
  private static final String UNKNOWN = "session unknown or expired";

  private Reconnection() {}

  /**
   * A session resumed on a new link: its sequenced connection, and the link it had before (null if
   * none), which {@link #finish} closes.
   */
  record Resumed(Session session, ReliableConnection reliable, ReliableConnection.Link old) {}

  /** The {@code connected} message of {@code s}, granting {@code granted} ms to reconnect. */
  static String connected(Sessions sessions, ConnectionSettings settings, Session s, long granted) {
    return ServerFrames.connected(
        s.id().toString(),
        s.token(),
        sessions.settings().serverName(),
        s.principal(),
        s.roles(),
        s.properties(),
        new ServerFrames.Limits(settings.maxMessageSize(), granted, settings.maxOutboundQueue()));
  }

  /**
   * Attaches {@code link} to the session {@code connect} names, if its id and token match an open
   * sequenced session, and sends it the {@code connected} message in sequence.
   *
   * @throws HandshakeRefusedException the close for this connection: RECOVERY_EXPIRED for a session
   *     whose recovery window passed (id and token match), HANDSHAKE_REJECTED for an unknown
   *     session or a wrong token, LOST_MESSAGES (the session is closed too) when it cannot resume
   *     without loss
   */
  static Resumed resume(
      Sessions sessions,
      ConnectionSettings settings,
      ClientFrame.Connect connect,
      ReliableConnection.Link link,
      Transport transport,
      Connection raw) {
    Session s = null;
    SessionId id = null;
    try {
      id = SessionId.parse(connect.sessionId());
      s = sessions.registry().get(id).orElse(null);
    } catch (RuntimeException e) {
      // an unparseable id is unknown
    }
    if (s == null && id != null) {
      // its recovery window passed: say so, to the holder of its token only
      var expired = sessions.registry().expired().expired(id, connect.token());
      if (expired.isPresent()) {
        throw new HandshakeRefusedException(
            CloseReason.RECOVERY_EXPIRED, ReconnectSweep.expiredMessage(expired.getAsLong()));
      }
    }
    if (s == null
        || !s.isOpen()
        || link == null
        || !(s.connection() instanceof ReliableConnection r)
        || !MessageDigest.isEqual(
            s.token().getBytes(StandardCharsets.UTF_8),
            connect.token().getBytes(StandardCharsets.UTF_8))) {
      throw new HandshakeRefusedException(CloseReason.HANDSHAKE_REJECTED, UNKNOWN);
    }
    // it may come back over another transport, from another address
    s.carriedBy(transport, raw.remoteAddress());
    try {
      ReliableConnection.Link old =
          r.attach(
              link,
              connect.ack(),
              ServerFrames.sequenced(
                  connected(sessions, settings, s, s.reconnectTimeoutMillis()),
                  true,
                  r.inbound().acknowledged()));
      return new Resumed(s, r, old);
    } catch (IllegalArgumentException e) {
      String why = "cannot resume without loss: " + e.getMessage();
      s.close(CloseReason.LOST_MESSAGES, why);
      throw new HandshakeRefusedException(CloseReason.LOST_MESSAGES, why);
    } catch (IllegalStateException e) {
      throw new HandshakeRefusedException(CloseReason.HANDSHAKE_REJECTED, UNKNOWN);
    }
  }

  /**
   * After a resume: the topics whose updates were held back while the session was away (its
   * recovery buffer was full) are resumed by their sequence numbers — replayed from their history,
   * or a lost-updates notice and the current value. A client that did not send {@code topics}
   * cannot take that: its session closes with LOST_MESSAGES, as it would have at the overflow.
   */
  static void resumeTopics(Resumed resumed, ClientFrame.Connect connect, TopicResume topics) {
    ReliableConnection r = resumed.reliable();
    Map<Long, Long> held = r.held().heldTopics();
    if (held.isEmpty()) {
      return;
    }
    Session s = resumed.session();
    if (connect.topics() == null) {
      s.close(
          CloseReason.LOST_MESSAGES,
          "the recovery buffer overflowed and the client cannot resume topics by sequence");
      return;
    }
    TopicResume.Result[] result = new TopicResume.Result[1];
    r.held().resume(() -> result[0] = topics.resumeHeld(s, held, r.held()::released));
    LOG.log(
        System.Logger.Level.INFO,
        "session {0} resumed {1} topics by sequence after its recovery buffer overflowed: {2}"
            + " updates replayed from history, updates lost on {3}",
        s.id(),
        result[0].topics(),
        result[0].replayed(),
        result[0].lost());
  }

  /**
   * Once the connection holds the resumed session: the session learns it is back, the link it had
   * closes.
   */
  static void finish(Resumed resumed, Connection raw, ClientFrame.Connect connect) {
    Session s = resumed.session();
    s.reconnected();
    if (resumed.old() != null) {
      resumed.old().closeTransport(CloseReason.CLIENT_UNRESPONSIVE);
    }
    LOG.log(
        System.Logger.Level.DEBUG,
        "session {0} reconnected from {1} (client acknowledged {2}, server {3})",
        s.id(),
        raw.remoteAddress(),
        connect.ack(),
        resumed.reliable().inbound().received());
  }
}
