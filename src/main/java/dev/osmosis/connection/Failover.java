package dev.osmosis.connection;

import dev.osmosis.cluster.SessionRegistrations;
import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.session.Connection;
import dev.osmosis.session.HandshakeRefusedException;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.Transport;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicResume;
import dev.osmosis.topic.Topic;
import dev.osmosis.wire.CloseReason;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The reconnect of a session this node does not have, whose node died (fail-over,
 * docs/RECONNECTION.md): the grid's record is claimed for this node (exactly one node wins), the
 * session is recreated with the same id, token, principal, roles and properties, the reconnect is
 * answered as on its own node, its topic selections are made again against the one topic tree (each
 * selected topic's current value is sent, as on a fresh subscription), and so is what else it
 * registered ({@link Registrar}).
 */
final class Failover {
  private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());
  private static final String UNKNOWN = "session unknown or expired";

  private final Sessions sessions;
  private final SessionReplication replication;
  private final Subscriptions subscriptions;
  private final TopicResume topicResume;
  private final Registrar registrar;

  /** The client message number last handed to the replication; the inbound thread's. */
  private long replicated = -1;

  /**
   * After a resume: the ids of the client requests the dead node's record holds an answer to
   * ({@code ok} or {@code error}, sent again by the resume); the inbound thread's.
   */
  private java.util.Set<Long> answered = java.util.Set.of();

  Failover(
      Sessions sessions,
      SessionReplication replication,
      Subscriptions subscriptions,
      Registrar registrar) {
    this.sessions = sessions;
    this.registrar = registrar;
    this.replication = replication;
    this.subscriptions = subscriptions;
    this.topicResume = new TopicResume(subscriptions);
  }

  /**
   * A sequenced session opened on this connection: acknowledge only what the grid recorded; its
   * record (with its reconnect timeout) is written.
   */
  void opened(Session s, ReliableConnection reliable) {
    reliable.inbound().acknowledgeDurableOnly();
    keepInFlight(s, reliable);
    processed(s, reliable);
  }

  /**
   * The session's server messages other than topic values ride in its record until its client
   * acknowledges them, each written to the client only once recorded, if the replication keeps
   * them.
   */
  private void keepInFlight(Session s, ReliableConnection reliable) {
    SessionReplication.InFlightLimits limits = replication.inFlightLimits();
    if (limits != null) {
      reliable
          .failover()
          .keep(limits.messages(), limits.chars(), () -> replication.inFlightChanged(s));
      replication.keepInFlight(s, reliable.failover());
    }
  }

  /** Client messages were processed: the grid records them (and the rest of the session) soon. */
  void processed(Session s, ReliableConnection reliable) {
    long received = reliable.inbound().received();
    if (received != replicated) {
      replicated = received;
      replication.changed(s, received, reliable::durable);
    }
  }

  /**
   * Resumes the session {@code connect} names, which this node does not have ({@code unknown}, the
   * refusal it got here), on {@code reliable}, a new sequenced connection.
   *
   * @throws HandshakeRefusedException HANDSHAKE_REJECTED for a session the grid does not keep (or a
   *     wrong token, or one another node is resuming), IDLE_CONNECTION (try again) while its node
   *     is still a cluster member
   */
  Reconnection.Resumed resume(
      HandshakeRefusedException unknown,
      ConnectionSettings settings,
      ClientFrame.Connect connect,
      ReliableConnection.Link link,
      ReliableConnection reliable,
      Transport transport,
      Connection raw) {
    if (unknown.reason() != CloseReason.HANDSHAKE_REJECTED) {
      throw unknown;
    }
    SessionId id;
    try {
      id = SessionId.parse(connect.sessionId());
    } catch (RuntimeException e) {
      throw new HandshakeRefusedException(CloseReason.HANDSHAKE_REJECTED, UNKNOWN);
    }
    SessionReplication.Claim claim = replication.claim(id.toString(), connect.token());
    if (claim == null) {
      throw new HandshakeRefusedException(CloseReason.HANDSHAKE_REJECTED, UNKNOWN);
    }
    if (claim instanceof SessionReplication.Refused refused) {
      throw new HandshakeRefusedException(refused.reason(), refused.message());
    }
    SessionReplication.Replica replica = ((SessionReplication.Claimed) claim).replica();
    reliable.continueFrom(connect.ack(), replica.received());
    reliable.inbound().acknowledgeDurableOnly();
    Map<String, Long> known = connect.topics();
    if (known != null) {
      // the selections made again below send each topic's current value: held back for the topics
      // the client has, which TopicResume brings up to date from its numbers instead
      reliable.held().resumesTopics();
      known.forEach(
          (path, after) -> {
            Topic topic = subscriptions.tree().get(path);
            if (topic != null) {
              reliable.held().hold(topic.id(), after + 1);
            }
          });
    }
    Session s =
        sessions.restore(
            id,
            connect.token(),
            replica.startTime(),
            replica.principal(),
            replica.roles(),
            replica.properties(),
            reliable);
    s.grantReconnectTimeout(replica.reconnectTimeoutMillis());
    s.carriedBy(transport, raw.remoteAddress());
    keepInFlight(s, reliable);
    reliable.attach(
        link,
        connect.ack(),
        ServerFrames.sequenced(
            Reconnection.connected(sessions, settings, s, replica.reconnectTimeoutMillis()),
            true,
            reliable.inbound().acknowledged()));
    // what the dead node had sent that the client lacks (but topic values: resumed below), first,
    // in its order, numbered here; kept in flight here in turn
    List<String> lacking = replica.inFlight().after(connect.ack());
    answered = answeredIds(replica.inFlight());
    for (String message : lacking) {
      reliable.send(message);
    }
    int selected = 0;
    for (String selection : replica.selections()) {
      try {
        subscriptions.reselect(s, selection);
        selected++;
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "session {0} resumed from node {1}: selection {2} not made again: {3}",
            s.id(),
            replica.node(),
            selection,
            e.getMessage());
      }
    }
    TopicResume.Result[] resumed = {new TopicResume.Result(0, 0, List.of())};
    if (known != null) {
      // a client number past a topic's sequence here: this node has not applied the updates the
      // dead node had sent it yet (each node applies the grid's updates on its own time); they are
      // left out when they arrive, not taken for a loss (a lostUpdates notice and an older value)
      TopicResume.Release release =
          new TopicResume.Release() {
            @Override
            public void released(long topic) {
              reliable.held().released(topic);
            }

            @Override
            public boolean releasedAfter(long topic, long through) {
              reliable.held().releasedAfter(topic, through);
              return true;
            }
          };
      reliable.held().resume(() -> resumed[0] = topicResume.resumeFrom(s, known, release));
    }
    int registered = registrar.restore(s, replica, subscriptions);
    int resent = registrar.resend(s, replica.inFlight().awaiting(), replica.received(), reliable);
    if (connect.notified() != null) {
      // what its client was told of its notification selections, against what this node counts
      subscriptions.notifications().resync(s, connect.notified());
    }
    LOG.log(
        System.Logger.Level.DEBUG,
        "session {0} of node {1} resumed here ({8} handlers, notification selections and listeners"
            + " made again) ({2} selections; client acknowledged {3}, its node"
            + " {4}; {9} server messages in flight sent again, {10} requests awaiting an answer"
            + " sent on again; {5} topics resumed by sequence:"
            + " {6} updates replayed, updates lost on {7})",
        s.id(),
        replica.node(),
        selected,
        connect.ack(),
        replica.received(),
        resumed[0].topics(),
        resumed[0].replayed(),
        resumed[0].lost(),
        registered,
        lacking.size(),
        resent);
    return new Reconnection.Resumed(s, reliable, null);
  }

  /**
   * Whether the client request {@code id}, replayed by the client (a message its dead node had not
   * recorded as processed), was answered there and the answer is in flight here: then it is not
   * processed again (its answer was sent once). Request ids are unique within a session (both
   * clients number them).
   */
  boolean answeredBefore(long id) {
    return id > 0 && answered.contains(id);
  }

  /** The request ids {@code inFlight}'s {@code ok} and {@code error} messages answer. */
  static java.util.Set<Long> answeredIds(SessionReplication.InFlight inFlight) {
    java.util.Set<Long> ids = new java.util.HashSet<>();
    for (SessionReplication.Sent m : inFlight.sent()) {
      answerId(m.message(), ids);
    }
    for (String m : inFlight.queued()) {
      answerId(m, ids);
    }
    return ids.isEmpty() ? java.util.Set.of() : ids;
  }

  private static void answerId(String message, java.util.Set<Long> ids) {
    for (String prefix : new String[] {"{\"t\":\"ok\",\"id\":", "{\"t\":\"error\",\"id\":"}) {
      if (message.startsWith(prefix)) {
        int from = prefix.length();
        int to = from;
        while (to < message.length() && Character.isDigit(message.charAt(to))) {
          to++;
        }
        if (to > from) {
          ids.add(Long.parseLong(message.substring(from, to)));
        }
        return;
      }
    }
  }

  /**
   * Makes again on this node what a resumed session registered on its dead node ({@link
   * SessionRegistrations}): request handlers, missing topic handlers, notification selections
   * (silently: its client was told of the topics that exist) and session listeners (which hear
   * every open session again; clients de-duplicate OPEN by session id). Nothing is answered to the
   * client: its registrations completed on the dead node. One that fails (a permission gone, a
   * branch another session took meanwhile) is logged and left out.
   *
   * @param messaging the connection's messaging; null without (its handlers are left out)
   */
  record Registrar(Supplier<MessagingProtocol> messaging, SessionRequests requests) {

    /** Makes {@code replica}'s registrations again for {@code s}; answers how many were made. */
    int restore(Session s, SessionReplication.Replica replica, Subscriptions subscriptions) {
      SessionRegistrations r = replica.registrations();
      if (r == null || r.isEmpty()) {
        return 0;
      }
      int made = 0;
      for (SessionRegistrations.Handler h : r.requestHandlers()) {
        made +=
            attempt(
                s,
                replica,
                "request handler " + h.path(),
                () -> {
                  MessagingProtocol m = messaging.get();
                  if (m == null) {
                    throw new IllegalStateException("messaging is not enabled on this server");
                  }
                  m.messaging().restoreHandler(s, h.path(), h.keys());
                });
      }
      for (SessionRegistrations.Handler h : r.missingTopicHandlers()) {
        made +=
            attempt(
                s,
                replica,
                "missing topic handler " + h.path(),
                () -> subscriptions.missingTopicHandlers().register(s, h.path(), h.keys()));
      }
      for (String selector : r.notificationSelections()) {
        made +=
            attempt(
                s,
                replica,
                "notification selection " + selector,
                () -> subscriptions.notifications().restore(s, selector));
      }
      for (SessionRegistrations.Listener l : r.sessionListeners()) {
        made +=
            attempt(
                s,
                replica,
                "session listener " + l.id(),
                () -> requests.restoreListener(s, l.id(), l.keys()));
      }
      return made;
    }

    /**
     * Sends on again the session's requests its dead node had sent on and not seen answered (the
     * answer went to the dead node); answers how many. Without messaging here they are answered as
     * refused by {@code MessagingProtocol}.
     */
    int resend(
        Session s,
        List<SessionReplication.Awaiting> awaiting,
        long received,
        ReliableConnection reliable) {
      MessagingProtocol m = messaging.get();
      if (m == null) {
        for (SessionReplication.Awaiting a : awaiting) {
          reliable.send(
              ServerFrames.error(
                  a.id(),
                  dev.osmosis.wire.ErrorCode.NOT_FOUND,
                  "messaging is not enabled on this server"));
        }
        return 0;
      }
      int resent = 0;
      for (SessionReplication.Awaiting a : awaiting) {
        if (a.seq() <= received) { // a later one the client replays itself
          m.resend(s, a, reliable);
          resent++;
        }
      }
      return resent;
    }

    private static int attempt(
        Session s, SessionReplication.Replica replica, String what, Runnable make) {
      try {
        make.run();
        return 1;
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "session {0} resumed from node {1}: {2} not made again: {3}",
            s.id(),
            replica.node(),
            what,
            e.getMessage());
        return 0;
      }
    }
  }
}
