package dev.osmosis.connection;

import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.control.ClientControl;
import dev.osmosis.error.RequestException;
import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.FrameCodec;
import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Handshake;
import dev.osmosis.session.HandshakeRefusedException;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.Transport;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.subscribe.TopicResume;
import dev.osmosis.topic.JsonNesting;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.time.Clock;
import java.util.List;

/**
 * The protocol state machine of one client connection, independent of the transport: the WebSocket
 * endpoint (and later the long-polling resource) feeds it inbound text and transport events; it
 * answers through the {@link Connection}. Entry points are synchronized per connection, so a
 * handshake timeout or a transport close that races a slow authentication cannot leave an opened
 * session behind on a dead connection.
 *
 * <p>Before the handshake only {@code connect} is accepted; anything else closes the connection
 * with INVALID_INBOUND_MESSAGE. After it, a bad message gets an {@code error} answer and the
 * session continues.
 */
public final class ClientConnection {
  private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

  private final Sessions sessions;
  private final ClientControl control;
  private final Connection connection;
  private final TopicRequests topicRequests;
  private final TopicResume topicResume;
  private final SessionRequests sessionRequests;
  private final SecurityRequests securityRequests;
  private final MetricsRequests metricsRequests;
  private final RegistrationLimit registrations;
  private final Transport transport;
  private final Clock clock;
  private volatile Session session;
  private volatile boolean ended;
  private volatile MessagingProtocol messaging;
  private final Subscriptions subscriptions;

  /** Fail-over (the session kept in the grid, resumed from it); null without. */
  private volatile Failover failover;

  /** The raw transport connection (handshake, refusals, plain v1 sessions). */
  private final Connection raw;

  /** The transport as a link for a sequenced session; null if the transport cannot carry one. */
  private final ReliableConnection.Link link;

  private volatile java.util.concurrent.Executor writers;

  /**
   * Where {@code changePrincipal} verifies passwords (a bounded pool); null: on the calling thread.
   */
  private volatile java.util.concurrent.Executor logins;

  /** The session-level connection of a sequenced session, once the handshake made one. */
  private volatile ReliableConnection reliable;

  private volatile long lastInbound;

  /**
   * When this connection was made (epoch ms, the injected clock): the handshake timeout counts from
   * here.
   */
  private final long openedAt;

  private volatile SessionLimits limits = SessionLimits.defaults();
  private volatile ConnectionSettings settings = ConnectionSettings.defaults();

  /** Invalid messages counted for logging and the flood limit; under this object's monitor. */
  private InvalidMessages invalid =
      new InvalidMessages(limits.maxInvalidMessages(), SessionLimits.INVALID_MESSAGE_WINDOW_MILLIS);

  /** Most levels a frame may nest: a topic value of the most levels, in a message, in a batch. */
  private final int maxFrameDepth;

  public ClientConnection(
      Sessions sessions,
      ClientControl control,
      Subscriptions subscriptions,
      TopicControl topics,
      Connection connection,
      Transport transport,
      Clock clock) {
    this.sessions = sessions;
    this.control = control;
    this.raw = connection;
    this.link = connection instanceof ReliableConnection.Link l ? l : null;
    this.connection = new CurrentConnection(connection, () -> reliable);
    this.topicRequests = new TopicRequests(subscriptions, topics, control, this.connection);
    this.topicResume = new TopicResume(subscriptions);
    this.sessionRequests = new SessionRequests(sessions, control, this.connection, clock);
    this.securityRequests = new SecurityRequests(this.connection);
    this.metricsRequests = new MetricsRequests(this.connection);
    this.registrations = new RegistrationLimit(subscriptions, control, () -> messaging);
    this.transport = transport;
    this.subscriptions = subscriptions;
    this.clock = clock;
    this.lastInbound = clock.millis();
    this.openedAt = lastInbound;
    this.maxFrameDepth = topics.limits().maxJsonDepth() + JsonNesting.FRAME_LEVELS;
  }

  /**
   * Enables the messaging and lock messages (docs/PROTOCOL.md §10); without it they are unknown
   * types.
   */
  public ClientConnection messaging(MessagingProtocol messaging) {
    this.messaging = messaging;
    topicRequests.locks(
        (name, sequence) -> session != null && messaging.locks().isOwner(session, name, sequence));
    return this;
  }

  /**
   * Enables the security administration messages (docs/PROTOCOL.md §14); without it they are
   * unknown types.
   */
  public ClientConnection security(dev.osmosis.control.SecurityControl security) {
    securityRequests.control(security);
    return this;
  }

  /** Enables the metric collector messages (docs/PROTOCOL.md §15); else unknown types. */
  public ClientConnection metrics(
      dev.osmosis.metrics.MetricCollectors collectors,
      java.util.function.Supplier<dev.osmosis.security.SecurityStore> store) {
    metricsRequests.enable(collectors, store);
    return this;
  }

  /** Fail-over (docs/RECONNECTION.md): sessions kept in the grid, resumed from it. */
  public ClientConnection replication(SessionReplication replication) {
    this.failover =
        replication == SessionReplication.OFF
            ? null
            : new Failover(
                sessions,
                replication,
                subscriptions,
                new Failover.Registrar(() -> messaging, sessionRequests));
    return this;
  }

  /**
   * The per-session limits of bytes queued, fetches in flight and invalid messages; defaults
   * without it.
   */
  public synchronized ClientConnection limits(SessionLimits limits) {
    this.limits = limits;
    this.invalid =
        new InvalidMessages(
            limits.maxInvalidMessages(), SessionLimits.INVALID_MESSAGE_WINDOW_MILLIS);
    topicRequests.maxFetchesInFlight(limits.maxFetchesInFlight());
    registrations.max(limits.maxRegistrationsPerSession());
    return this;
  }

  /** Message size, handshake timeout, outbound queue and recovery buffer; defaults without it. */
  public ClientConnection settings(ConnectionSettings settings) {
    this.settings = settings;
    return this;
  }

  /**
   * Enables sequenced, reconnectable sessions (docs/PROTOCOL.md §12) whose writes start on {@code
   * writers}; without it a {@code "seq":true} connect opens a plain v1 session.
   */
  public ClientConnection reconnectable(java.util.concurrent.Executor writers) {
    this.writers = writers;
    return this;
  }

  /**
   * Verifies passwords on {@code logins} (a bounded pool): {@code changePrincipal} there instead of
   * on the connection's thread (a full queue answers 4029), and a {@code connect} with a principal
   * there while the connection's thread waits (a full queue closes with IDLE_CONNECTION, 41xx: try
   * again). A PBKDF2 verification costs a tenth of a second of CPU; the pool bounds how many run at
   * once.
   */
  public ClientConnection logins(java.util.concurrent.Executor logins) {
    this.logins = logins;
    sessionRequests.logins(logins);
    securityRequests.pool(logins);
    metricsRequests.pool(logins);
    return this;
  }

  /** When this connection last received anything (epoch ms, the injected clock). */
  public long lastInbound() {
    return lastInbound;
  }

  /** Some inbound traffic that is not a message (a pong) arrived. */
  public void onTraffic() {
    lastInbound = clock.millis();
  }

  /** The session once the handshake succeeded, else null. */
  public Session session() {
    return session;
  }

  public synchronized void onText(String text) {
    if (ended) {
      return;
    }
    lastInbound = clock.millis();
    ReliableConnection r = reliable;
    if (r != null && !r.isCurrent(link)) {
      return; // the session moved to a newer connection
    }
    List<FrameCodec.Numbered> frames = FrameCodec.decodeNumbered(text, maxFrameDepth);
    for (FrameCodec.Numbered numbered : frames) {
      if (ended) {
        return;
      }
      ClientFrame frame = numbered.frame();
      if (session == null) {
        handshake(frame);
        continue;
      }
      r = reliable;
      if (r == null) {
        if (!(frame instanceof ClientFrame.Ack)) {
          process(frame);
        }
        continue;
      }
      synchronized (r.inbound().lock()) {
        if (!r.isCurrent(link)) {
          return; // the session moved to a newer connection meanwhile
        }
        if (numbered.ack() > 0) {
          r.ack(numbered.ack());
        }
        if (frame instanceof ClientFrame.Ack) {
          continue;
        }
        if (numbered.seq() > 0) {
          ClientSequence.Inbound in = r.inbound().accept(numbered.seq());
          if (in == ClientSequence.Inbound.DUPLICATE) {
            continue;
          }
          if (in == ClientSequence.Inbound.GAP) {
            ended = true;
            String why =
                "client message "
                    + numbered.seq()
                    + " arrived after "
                    + r.inbound().received()
                    + ": messages were lost";
            LOG.log(System.Logger.Level.INFO, "session {0}: {1}", session.id(), why);
            session.close(CloseReason.LOST_MESSAGES, why);
            return;
          }
        }
        topicRequests.message(failover != null ? numbered.seq() : 0);
        Failover f = failover;
        if (f != null && f.answeredBefore(frame.id())) {
          LOG.log(
              System.Logger.Level.DEBUG,
              "session {0}: request {1} was answered by its dead node: not processed again",
              session.id(),
              frame.id());
          continue; // fail-over: its answer, in the dead node's record, was sent again
        }
        process(frame);
      }
    }
    r = reliable;
    if (r != null) {
      r.flushAck(false);
      Failover f = failover;
      if (f != null) {
        f.processed(session, r);
      }
    }
  }

  private void process(ClientFrame frame) {
    try {
      handle(session, frame);
    } catch (RequestException e) {
      connection.send(ServerFrames.error(frame.id(), e.code(), e.getMessage()));
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.ERROR, "session " + session.id() + ": failure handling " + frame, e);
      connection.send(
          ServerFrames.error(
              frame.id(),
              ErrorCode.INTERNAL_ERROR,
              "internal error handling the request; the server logged it"));
    }
  }

  /** A binary frame arrived: v1 has none. */
  public synchronized void onBinary() {
    if (session == null) {
      refuse(
          CloseReason.INVALID_INBOUND_MESSAGE,
          "expected a connect message as a text frame, got a binary frame");
    } else {
      connection.send(
          ServerFrames.error(
              0, ErrorCode.MALFORMED_MESSAGE, "binary frames are not part of protocol v1"));
    }
  }

  /**
   * Whether no session was opened (or refused) within {@code timeoutMillis} of the connection's
   * start.
   */
  public boolean handshakeOverdue(long now, long timeoutMillis) {
    return session == null && !ended && now - openedAt >= timeoutMillis;
  }

  public synchronized void onHandshakeTimeout() {
    if (session == null && !ended) { // ended: refused already, or the transport closed
      // A connection-level reason (41xx: try again), not a refusal: under load a reconnecting
      // client's `connect`
      // can wait longer than the timeout, and HANDSHAKE_REJECTED would make it give up a session it
      // could resume.
      refuse(CloseReason.IDLE_CONNECTION, "no connect message within the handshake timeout");
    }
  }

  /**
   * The transport closed. A session still open ends with {@code reason} (the transport's reading of
   * the close code: CLOSED_BY_CLIENT for a normal close, MESSAGE_TOO_LARGE, CONNECTION_ERROR...).
   */
  public synchronized void onTransportClosed(CloseReason reason, String detail) {
    boolean closedByClient = ended && session != null && !session.isOpen();
    ended = true;
    Session s = session;
    ReliableConnection r = reliable;
    if (s != null && r != null && !closedByClient && reason != CloseReason.MESSAGE_TOO_LARGE) {
      // a sequenced session outlives its connection (§12)
      if (r.detach(link) && s.disconnected(clock.millis())) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "session {0} lost its connection ({1} {2}); it may reconnect for {3} ms",
            s.id(),
            reason,
            detail,
            s.reconnectTimeoutMillis());
      }
      return;
    }
    if (s != null && s.close(reason, detail)) {
      if (reason != CloseReason.CLOSED_BY_CLIENT) {
        LOG.log(System.Logger.Level.INFO, "session {0} ended: {1} {2}", s.id(), reason, detail);
      }
    }
  }

  /**
   * The liveness check found this connection silent for too long: the transport is closed; a
   * sequenced session waits for a reconnect (CLIENT_UNRESPONSIVE), another one closes.
   */
  public void onUnresponsive(String detail) {
    if (link != null) {
      link.closeTransport(CloseReason.CLIENT_UNRESPONSIVE);
    }
    onTransportClosed(CloseReason.CLIENT_UNRESPONSIVE, detail);
  }

  /** The connection's outbound queue overflowed: the client does not read fast enough. */
  public void onSlowConsumer() {
    Session s = session;
    if (s != null
        && s.close(
            CloseReason.MESSAGE_QUEUE_LIMIT_REACHED,
            "more than "
                + settings.maxOutboundQueue()
                + " messages or "
                + limits.maxOutboundBytes()
                + " bytes queued for this session")) {
      LOG.log(System.Logger.Level.WARNING, "session {0} closed as a slow consumer", s.id());
    }
  }

  private void handshake(ClientFrame frame) {
    if (!(frame instanceof ClientFrame.Connect connect)) {
      String why =
          frame instanceof ClientFrame.Invalid invalid
              ? "invalid first message: " + invalid.message()
              : "the first message must be connect";
      refuse(CloseReason.INVALID_INBOUND_MESSAGE, why);
      return;
    }
    if (connect.version() != 1) {
      refuse(
          CloseReason.HANDSHAKE_REJECTED,
          "unsupported protocol version " + connect.version() + "; this server speaks 1");
      return;
    }
    if (connect.isReconnect()) {
      reconnect(connect);
      return;
    }
    boolean sequenced = connect.sequenced() && link != null && writers != null;
    try {
      ReliableConnection r = sequenced ? newReliable() : null;
      Session opened =
          Logins.open(
              sessions,
              logins,
              settings.handshakeTimeout(),
              new Handshake(
                  connect.clientType(),
                  connect.principal(),
                  connect.credentials(),
                  connect.properties(),
                  transport,
                  connection.remoteAddress(),
                  connect.reconnectTimeout()),
              r != null ? r : raw);
      session = opened;
      long granted = sessions.grantedReconnectTimeout(connect.reconnectTimeout());
      String connected = Reconnection.connected(sessions, settings, opened, granted);
      hooks(opened);
      if (r == null) {
        connection.send(connected);
        return;
      }
      opened.grantReconnectTimeout(granted);
      reliable = r;
      if (connect.topics() != null) {
        r.held().resumesTopics();
      }
      Failover f = failover;
      if (f != null) {
        f.opened(opened, r);
      }
      r.attach(link, 0, ServerFrames.sequenced(connected, false, 0));
    } catch (HandshakeRefusedException e) {
      ended = true;
      connection.close(e.reason(), e.getMessage());
    }
  }

  /** What a session opened or resumed on this connection needs told when it closes or drops. */
  private void hooks(Session s) {
    MessagingProtocol m = messaging;
    if (m != null && s.connection() instanceof ReliableConnection) {
      s.onConnectionLost(m.locks()::connectionLost);
    }
  }

  private ReliableConnection newReliable() {
    return ReliableConnection.of(writers, settings, limits, this::overflowed);
  }

  /**
   * A {@code connect} with a session id and token: resume that session on this connection (§12).
   */
  private void reconnect(ClientFrame.Connect connect) {
    Reconnection.Resumed resumed;
    try {
      resumed = Reconnection.resume(sessions, settings, connect, link, transport, raw);
    } catch (HandshakeRefusedException e) {
      try { // not a session of this node: perhaps one of a node that died (fail-over)
        Failover f = failover;
        if (f == null || link == null || writers == null) {
          throw e;
        }
        resumed = f.resume(e, settings, connect, link, newReliable(), transport, raw);
      } catch (HandshakeRefusedException f) {
        refuse(f.reason(), f.getMessage());
        return;
      }
      hooks(resumed.session());
    }
    session = resumed.session();
    reliable = resumed.reliable();
    Reconnection.finish(resumed, raw, connect);
    Reconnection.resumeTopics(resumed, connect, topicResume);
  }

  private void overflowed(CloseReason reason) {
    Session s = session;
    if (s == null) {
      return;
    }
    if (reason == CloseReason.LOST_MESSAGES) {
      s.close(
          reason,
          "more than "
              + settings.recoveryBufferSize()
              + " messages or "
              + limits.maxRecoveryBytes()
              + " bytes unacknowledged: the recovery buffer overflowed");
    } else {
      onSlowConsumer();
    }
  }

  private void handle(Session s, ClientFrame frame) {
    registrations.check(s, frame);
    if (topicRequests.handle(s, frame)) {
      return;
    }
    if (sessionRequests.handle(s, frame)) {
      return;
    }
    if (securityRequests.handle(s, frame) || metricsRequests.handle(s, frame)) {
      return;
    }
    if (frame instanceof ClientFrame.Close) {
      ended = true;
      s.close(CloseReason.CLOSED_BY_CLIENT, "closed by the client");
    } else if (MessagingProtocol.isMessaging(frame)) {
      if (messaging == null) {
        throw new RequestException(
            ErrorCode.UNKNOWN_MESSAGE_TYPE, "messaging is not enabled on this server");
      }
      messaging.handle(s, frame, connection);
    } else if (frame instanceof ClientFrame.Connect) {
      throw new RequestException(
          ErrorCode.ALREADY_CONNECTED, "this connection already has session " + s.id());
    } else if (frame instanceof ClientFrame.Invalid bad) {
      if (!invalid.tooMany(s, bad, clock.millis())) {
        throw new RequestException(bad.code(), bad.message());
      }
      ended = true;
      invalid.close(s, bad);
    }
  }

  private void refuse(CloseReason reason, String message) {
    ended = true;
    LOG.log(
        System.Logger.Level.INFO,
        "connection from {0} refused ({1}): {2}",
        connection.remoteAddress(),
        reason,
        InvalidMessages.forLog(message));
    connection.close(reason, message);
  }
}
