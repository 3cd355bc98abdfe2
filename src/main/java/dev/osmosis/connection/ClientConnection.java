package dev.osmosis.connection;

import dev.osmosis.control.Caller;
import dev.osmosis.control.ClientControl;
import dev.osmosis.control.SessionEvents;
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
import dev.osmosis.topic.JsonNesting;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
  private static final int MAX_LISTENERS = 16;
  private static final String BUSY = "the server is busy verifying other logins; try again";

  private final Sessions sessions;
  private final ClientControl control;
  private final Connection connection;
  private final Map<Long, Runnable> listeners = new ConcurrentHashMap<>();
  private final TopicRequests topicRequests;
  private final Transport transport;
  private final Clock clock;
  private volatile Session session;
  private volatile boolean ended;
  private volatile MessagingProtocol messaging;

  /** The raw transport connection (handshake, refusals, plain v1 sessions). */
  private final Connection raw;

  /** The transport as a link for a sequenced session; null if the transport cannot carry one. */
  private final ReliableConnection.Link link;

  private volatile java.util.concurrent.Executor writers;

  /**
   * Where {@code changePrincipal} verifies passwords (a bounded pool); null: on the calling thread.
   */
  private volatile java.util.concurrent.Executor logins;

  /** Whether a {@code changePrincipal} of this connection is being verified: one at a time. */
  private final java.util.concurrent.atomic.AtomicBoolean authenticating =
      new java.util.concurrent.atomic.AtomicBoolean();

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
    this.transport = transport;
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
   * The per-session limits of bytes queued, fetches in flight and invalid messages; defaults
   * without it.
   */
  public synchronized ClientConnection limits(SessionLimits limits) {
    this.limits = limits;
    this.invalid =
        new InvalidMessages(
            limits.maxInvalidMessages(), SessionLimits.INVALID_MESSAGE_WINDOW_MILLIS);
    topicRequests.maxFetchesInFlight(limits.maxFetchesInFlight());
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
      synchronized (r.inboundLock()) {
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
          ReliableConnection.Inbound in = r.accept(numbered.seq());
          if (in == ReliableConnection.Inbound.DUPLICATE) {
            continue;
          }
          if (in == ReliableConnection.Inbound.GAP) {
            ended = true;
            String why =
                "client message "
                    + numbered.seq()
                    + " arrived after "
                    + r.received()
                    + ": messages were lost";
            LOG.log(System.Logger.Level.INFO, "session {0}: {1}", session.id(), why);
            session.close(CloseReason.LOST_MESSAGES, why);
            return;
          }
        }
        process(frame);
      }
    }
    r = reliable;
    if (r != null) {
      r.flushAck(false);
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

  /** No {@code connect} arrived in time. */
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
      ReliableConnection r =
          sequenced
              ? new ReliableConnection(
                  writers,
                  settings.maxOutboundQueue(),
                  limits.maxOutboundBytes(),
                  settings.recoveryBufferSize(),
                  limits.maxRecoveryBytes(),
                  limits.maxOutboundFrameBytes(),
                  this::overflowed)
              : null;
      Session opened =
          open(
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
      opened.onClose((s, reason) -> listeners.values().forEach(Runnable::run));
      long granted = sessions.grantedReconnectTimeout(connect.reconnectTimeout());
      String connected = connected(opened, granted);
      if (r == null) {
        connection.send(connected);
        return;
      }
      opened.grantReconnectTimeout(granted);
      MessagingProtocol m = messaging;
      if (m != null) {
        opened.onConnectionLost(m.locks()::connectionLost);
      }
      reliable = r;
      r.attach(link, 0, ServerFrames.sequenced(connected, false, 0));
    } catch (HandshakeRefusedException e) {
      ended = true;
      connection.close(e.reason(), e.getMessage());
    }
  }

  /**
   * Opens the session; one with a principal is verified on the login pool (when there is one) while
   * this thread waits, so that however many connections log in at once, at most the pool's threads
   * run PBKDF2. Anonymous sessions verify nothing and open here.
   */
  private Session open(Handshake handshake, Connection carrier) {
    java.util.concurrent.Executor pool = logins;
    if (pool == null || handshake.principal() == null || handshake.principal().isEmpty()) {
      return sessions.open(handshake, carrier);
    }
    java.util.concurrent.FutureTask<Session> task =
        new java.util.concurrent.FutureTask<>(() -> sessions.open(handshake, carrier));
    try {
      pool.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new HandshakeRefusedException(
          CloseReason.IDLE_CONNECTION, BUSY); // 41xx: the client may try again
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get(
              settings.handshakeTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          if (task.cancel(
              false)) { // still queued (a pool shutting down never runs it): it will not open a
            // session
            throw new HandshakeRefusedException(CloseReason.IDLE_CONNECTION, BUSY);
          } // else it is running: wait for it, a session it opens must not be left behind
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
          throw new HandshakeRefusedException(CloseReason.IDLE_CONNECTION, BUSY);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private String connected(Session s, long granted) {
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
   * A {@code connect} with a session id and token: resume that session on this connection (§12).
   */
  private void reconnect(ClientFrame.Connect connect) {
    Session s = null;
    try {
      s =
          sessions
              .registry()
              .get(dev.osmosis.session.SessionId.parse(connect.sessionId()))
              .orElse(null);
    } catch (RuntimeException e) {
      // an unparseable id is unknown
    }
    if (s == null
        || !s.isOpen()
        || link == null
        || !(s.connection() instanceof ReliableConnection r)
        || !java.security.MessageDigest.isEqual(
            s.token().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            connect.token().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      refuse(CloseReason.HANDSHAKE_REJECTED, "session unknown or expired");
      return;
    }
    ReliableConnection.Link old;
    s.carriedBy(
        transport,
        raw.remoteAddress()); // it may come back over another transport, from another address
    try {
      old =
          r.attach(
              link,
              connect.ack(),
              ServerFrames.sequenced(connected(s, s.reconnectTimeoutMillis()), true, r.received()));
    } catch (IllegalArgumentException e) {
      s.close(CloseReason.LOST_MESSAGES, "cannot resume without loss: " + e.getMessage());
      refuse(CloseReason.LOST_MESSAGES, "cannot resume without loss: " + e.getMessage());
      return;
    } catch (IllegalStateException e) {
      refuse(CloseReason.HANDSHAKE_REJECTED, "session unknown or expired");
      return;
    }
    session = s;
    reliable = r;
    s.reconnected();
    if (old != null) {
      old.closeTransport(CloseReason.CLIENT_UNRESPONSIVE);
    }
    LOG.log(
        System.Logger.Level.DEBUG,
        "session {0} reconnected from {1} (client acknowledged {2}, server {3})",
        s.id(),
        raw.remoteAddress(),
        connect.ack(),
        r.received());
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
    if (topicRequests.handle(s, frame)) {
      return;
    }
    if (frame instanceof ClientFrame.Ping ping) {
      connection.send(ServerFrames.pong(ping.id(), clock.millis()));
    } else if (frame instanceof ClientFrame.ChangePrincipal change) {
      changePrincipal(s, change);
    } else if (frame instanceof ClientFrame.Close) {
      ended = true;
      s.close(CloseReason.CLOSED_BY_CLIENT, "closed by the client");
    } else if (frame instanceof ClientFrame.GetSessionProperties get) {
      connection.send(
          ServerFrames.properties(
              get.id(), control.properties(caller(s), get.session(), get.keys())));
    } else if (frame instanceof ClientFrame.SetSessionProperties set) {
      List<Map<String, String>> previous =
          control.setProperties(caller(s), set.target(), set.properties());
      connection.send(
          ServerFrames.count(
              set.id(), previous.size(), set.target().isSession() ? previous.get(0) : null));
    } else if (frame instanceof ClientFrame.ChangeRoles change) {
      connection.send(
          ServerFrames.count(
              change.id(),
              control.changeRoles(caller(s), change.target(), change.remove(), change.add()),
              null));
    } else if (frame instanceof ClientFrame.CloseSession close) {
      connection.send(
          ServerFrames.count(close.id(), control.close(caller(s), close.target()), null));
    } else if (frame instanceof ClientFrame.AddSessionListener add) {
      listen(s, add);
    } else if (frame instanceof ClientFrame.RemoveSessionListener remove) {
      Runnable unregister = listeners.remove(remove.listener());
      if (unregister != null) {
        unregister.run();
      }
      connection.send(ServerFrames.ok(remove.id()));
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
      if (!tooManyInvalid(s, bad)) {
        throw new RequestException(bad.code(), bad.message());
      }
    }
  }

  /**
   * One at a time per connection, verified on the login pool when there is one: a frame full of
   * changePrincipal messages must not queue hundreds of PBKDF2 verifications or hold the
   * connection's thread for each.
   */
  private void changePrincipal(Session s, ClientFrame.ChangePrincipal change) {
    if (!authenticating.compareAndSet(false, true)) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "a changePrincipal of this session is still being verified; wait for its answer before sending another");
    }
    java.util.concurrent.Executor pool = logins;
    if (pool == null) {
      answerChangePrincipal(s, change);
      return;
    }
    try {
      pool.execute(() -> answerChangePrincipal(s, change));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      authenticating.set(false);
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "the server is busy verifying other logins; retry changePrincipal later");
    }
  }

  private void answerChangePrincipal(Session s, ClientFrame.ChangePrincipal change) {
    String answer;
    try {
      String refusal = sessions.changePrincipal(s, change.principal(), change.credentials());
      answer =
          refusal == null
              ? ServerFrames.principalChanged(change.id(), s.principal(), s.roles())
              : ServerFrames.error(change.id(), ErrorCode.AUTHENTICATION_FAILED, refusal);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "session " + s.id() + ": failure handling " + change, e);
      answer =
          ServerFrames.error(
              change.id(),
              ErrorCode.INTERNAL_ERROR,
              "internal error handling the request; the server logged it");
    }
    authenticating.set(
        false); // before the answer: a client may send the next one as soon as it reads it
    connection.send(answer);
  }

  /**
   * Counts an invalid message: logs the first and then one line a minute with how many came
   * meanwhile (a frame of 5,000 bad messages is not 5,000 lines); past {@code maxInvalidMessages} a
   * minute closes the session.
   */
  private boolean tooManyInvalid(Session s, ClientFrame.Invalid bad) {
    long now = clock.millis();
    String what = forLog(bad.message());
    if (invalid.count(now)) {
      ended = true;
      String why =
          "more than "
              + limits.maxInvalidMessages()
              + " invalid messages within "
              + SessionLimits.INVALID_MESSAGE_WINDOW_MILLIS / 1000
              + " s";
      LOG.log(
          System.Logger.Level.INFO,
          "session {0} closed: {1} ({2} in all; the last: {3} {4})",
          s.id(),
          why,
          invalid.total(),
          bad.code(),
          what);
      s.close(CloseReason.INVALID_INBOUND_MESSAGE, why);
      return true;
    }
    if (invalid.shouldLog(now)) {
      long more = invalid.takeUnlogged();
      LOG.log(
          System.Logger.Level.INFO,
          "session {0}: invalid message ({1}): {2}{3}",
          s.id(),
          bad.code(),
          what,
          more == 0 ? "" : " (and " + more + " more since the last line)");
    }
    return false;
  }

  private void listen(Session s, ClientFrame.AddSessionListener add) {
    long id = add.id();
    if (listeners.containsKey(id)) {
      // replacing the entry would lose the old registration's handle: it would stay registered,
      // uncounted
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT,
          "session listener "
              + id
              + " is already registered on this session; remove it first or use another id");
    }
    if (listeners.size() >= MAX_LISTENERS) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED, "at most " + MAX_LISTENERS + " session listeners per session");
    }
    control.requireListen(caller(s));
    // The answer goes first (once the permission is known) so the client knows the registration
    // before its events.
    connection.send(ServerFrames.ok(id));
    Runnable unregister =
        control.listen(
            caller(s),
            add.keys(),
            new SessionEvents.Sink() {
              @Override
              public void opened(Session session, Map<String, String> properties) {
                connection.send(
                    ServerFrames.sessionEvent(
                        id, "OPEN", session.id().toString(), properties, null, null));
              }

              @Override
              public void updated(
                  Session session, Map<String, String> properties, Map<String, String> previous) {
                connection.send(
                    ServerFrames.sessionEvent(
                        id, "UPDATED", session.id().toString(), properties, previous, null));
              }

              @Override
              public void connection(
                  Session session, Map<String, String> properties, boolean connected) {
                connection.send(
                    ServerFrames.sessionEvent(
                        id,
                        connected ? "RECONNECTED" : "DISCONNECTED",
                        session.id().toString(),
                        properties,
                        null,
                        null));
              }

              @Override
              public void closed(
                  Session session, Map<String, String> properties, CloseReason reason) {
                connection.send(
                    ServerFrames.sessionEvent(
                        id, "CLOSED", session.id().toString(), properties, null, reason));
              }
            });
    listeners.put(id, unregister);
    if (!s.isOpen() && listeners.remove(id) != null) {
      unregister.run();
    }
  }

  private static Caller caller(Session s) {
    return new Caller(s.principal(), s.roles(), s.id().toString());
  }

  private void refuse(CloseReason reason, String message) {
    ended = true;
    LOG.log(
        System.Logger.Level.INFO,
        "connection from {0} refused ({1}): {2}",
        connection.remoteAddress(),
        reason,
        forLog(message));
    connection.close(reason, message);
  }

  /**
   * A message that may quote client input (an unknown type, a value), cut for the log: one line
   * stays short.
   */
  private static String forLog(String message) {
    return message.length() > 200 ? message.substring(0, 200) + "..." : message;
  }
}
