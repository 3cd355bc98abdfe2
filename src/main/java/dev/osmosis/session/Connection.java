package dev.osmosis.session;

import dev.osmosis.wire.CloseReason;

/**
 * The transport side of a session, as the core sees it. Implementations are thread-safe and never
 * block the caller: {@link #send} enqueues onto the connection's bounded outbox.
 */
public interface Connection {

  /** Queues one encoded protocol message (a JSON object's text) for this connection. */
  void send(String message);

  /**
   * Sends one message addressed to this connection alone by a thread that is not fanning out (a
   * reply, a forwarded request or response): when nothing is queued or being written, the
   * connection may write it on the calling thread instead of handing it to a writer thread, saving
   * a thread hand-off per hop. Never blocks (the transport write is asynchronous); otherwise
   * exactly like {@link #send}. Fan-out must use {@link #send}.
   */
  default void sendDirect(String message) {
    send(message);
  }

  /**
   * Queues a topic value that may be conflated: if a value of topic {@code key} is still waiting,
   * it is replaced by {@code full}; otherwise {@code message} (possibly a delta) is queued. A
   * connection without conflation just sends {@code message}.
   */
  default void sendConflated(Long key, String message, String full) {
    send(message);
  }

  /**
   * Delivery priorities of topic messages, from a topic's {@code PRIORITY}: a lower number is sent
   * first.
   */
  int HIGH = 0;

  int DEFAULT = 1;
  int LOW = 2;

  /**
   * Queues a message of a topic whose delivery priority is {@code priority} ({@link #HIGH}, {@link
   * #DEFAULT}, {@link #LOW}): while messages wait, those of higher priority are sent first; a
   * topic's own messages keep their order (they all have its priority). A connection without
   * priorities just sends it.
   */
  default void send(String message, int priority) {
    send(message);
  }

  /**
   * {@link #sendConflated(Long, String, String)} with a delivery priority, as {@link #send(String,
   * int)}.
   */
  default void sendConflated(Long key, String message, String full, int priority) {
    sendConflated(key, message, full);
  }

  /**
   * Queues a reply like {@link #send(String)} and runs {@code taken} once it leaves this
   * connection's queue (handed to the transport, or dropped by a close or an overflow), so the
   * sender can bound its replies in flight (fetch answers). A connection without a queue runs it at
   * once.
   */
  default void sendTracked(String message, Runnable taken) {
    send(message);
    taken.run();
  }

  /**
   * Drops a conflatable value of topic {@code key} still waiting to be sent (TIDY_ON_UNSUBSCRIBE).
   */
  default void discardConflated(long key) {}

  /**
   * Starts following what the client acknowledges of acked topic {@code topic} (docs/TOPICS.md
   * "Acked delivery"), from {@code from}: the last number of it the client is known to have or to
   * need nothing before. Called in the topic's order when the session subscribes. A connection that
   * cannot resume a session (a plain one) ignores it.
   */
  default void trackAcked(long topic, long from) {}

  /** Stops following acked topic {@code topic} (the session unsubscribed). */
  default void untrackAcked(long topic) {}

  /**
   * The last number of acked topic {@code topic} the client acknowledged: the topic must keep every
   * later update for this session. {@link Long#MAX_VALUE} when it needs none kept (a plain
   * connection, or a topic not followed).
   */
  default long acknowledged(long topic) {
    return Long.MAX_VALUE;
  }

  /** Messages waiting in the outbound queue (0 for a connection without one). */
  default int queued() {
    return 0;
  }

  /** Whether the peer has fallen behind: more than half of the outbound queue limit is waiting. */
  default boolean isBackedUp() {
    return false;
  }

  /**
   * Tells the peer why the session ends (a {@code close} message, when the connection can still
   * carry one) and closes the transport with the reason's close code. Idempotent; a no-op once the
   * transport is closed.
   */
  void close(CloseReason reason, String message);

  /** The remote address of the peer, as the transport knows it; {@code ""} when unknown. */
  String remoteAddress();
}
