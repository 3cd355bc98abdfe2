package dev.osmosis.client;

import static java.lang.System.Logger.Level.WARNING;

import dev.osmosis.client.Session.State;
import dev.osmosis.wire.CloseReason;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The message order of one {@link Connection} (PROTOCOL.md §12). On a sequenced session it numbers
 * the messages sent, keeps them until the server acknowledges them and replays them after a
 * reconnect; it reads the server's numbered frames in order (duplicates skipped, a gap fatal) and
 * acknowledges them. Frames that are not numbered pass through to {@link Connection#handleMessage}.
 *
 * <p>Outbound state is guarded by a lock (any thread sends); inbound state belongs to the event
 * thread.
 */
final class Sequencing {

  private static final System.Logger LOG = System.getLogger(Connection.class.getName());

  /**
   * The client's recovery buffer: most messages kept until the server acknowledges them
   * (PROTOCOL.md §12).
   */
  static final int MAX_UNACKED = 10_000;

  private final Connection connection;

  private final Object outLock = new Object();
  private boolean sequenced;

  /** Messages may go to the transport (false while recovering, until the replay is sent). */
  private boolean live;

  private long nextSeq = 1;
  private final ArrayDeque<Out> unacked = new ArrayDeque<>();
  private volatile long received;
  private volatile long ackSent;
  private boolean ackTimerArmed;

  /** One sent, numbered message kept until the server acknowledges it. */
  private record Out(long seq, String text) {}

  Sequencing(Connection connection) {
    this.connection = connection;
  }

  /** The session is established: numbered or not, messages may go out. */
  void begin(boolean numbered) {
    synchronized (outLock) {
      sequenced = numbered;
      live = true;
    }
  }

  boolean isSequenced() {
    synchronized (outLock) {
      return sequenced;
    }
  }

  /** The connection is lost: keep messages until the replay. */
  void pause() {
    synchronized (outLock) {
      live = false;
    }
  }

  /** The last server message processed, the acknowledgement a reconnect carries. */
  long received() {
    return received;
  }

  /**
   * Sends one message; on a sequenced session numbers it and keeps it until the server acknowledges
   * it. While recovering it is only kept: the replay after the reconnect sends it.
   */
  void transmit(Map<String, Object> message, String plain) {
    synchronized (outLock) {
      if (!sequenced) {
        connection.sendRaw(plain != null ? plain : Json.write(message));
        return;
      }
      if (unacked.size() >= MAX_UNACKED) {
        // the server has not acknowledged 10,000 messages: recovering losslessly is no longer
        // possible
        connection.execute(
            () -> {
              connection.finish(
                  CloseReason.LOST_MESSAGES,
                  "More than " + MAX_UNACKED + " messages unacknowledged by the server",
                  null);
              connection.abortTransport();
            });
        return;
      }
      long seq = nextSeq++;
      message.put("seq", seq);
      long ack = received;
      if (ack > 0) {
        message.put("ack", ack);
        ackSent = ack;
      }
      String text = Json.write(message);
      unacked.add(new Out(seq, text));
      if (live) {
        connection.sendRaw(text);
      }
    }
  }

  /**
   * The server resumed the session after acknowledging {@code serverAck}: replays what it did not
   * acknowledge. Returns false if the client no longer holds the message after {@code serverAck}.
   */
  boolean replay(long serverAck) {
    synchronized (outLock) {
      acknowledged(serverAck);
      if (!unacked.isEmpty() && unacked.peekFirst().seq() != serverAck + 1) {
        live = false;
      } else {
        for (Out out : unacked) {
          connection.sendRaw(out.text());
        }
        live = true;
      }
      return live;
    }
  }

  /** The server processed our messages up to {@code ack}: forget them. */
  void acknowledged(long ack) {
    synchronized (outLock) {
      while (!unacked.isEmpty() && unacked.peekFirst().seq() <= ack) {
        unacked.pollFirst();
      }
    }
  }

  // ------------------------------------------------------------ inbound, on the event thread

  /** One frame from the server: a message, an array of messages or a numbered envelope. */
  void onFrame(String text) {
    Object frame;
    try {
      frame = Json.parse(text);
    } catch (IllegalArgumentException e) {
      LOG.log(WARNING, "Ignoring a malformed frame from the server: {0}", e.getMessage());
      return;
    }
    if (frame instanceof Map && ((Map<?, ?>) frame).get("m") instanceof List) {
      onEnvelope((Map<?, ?>) frame);
      return;
    }
    List<?> messages = frame instanceof List ? (List<?>) frame : List.of(frame);
    for (Object message : messages) {
      dispatch(message);
    }
  }

  private void dispatch(Object message) {
    if (message instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) message;
      connection.handleMessage(fields);
    } else {
      LOG.log(WARNING, "Ignoring a frame element that is not a message: {0}", message);
    }
  }

  /**
   * A numbered frame {@code {"s":first,"ack":n,"m":[...]}} (§12): duplicates skipped, a gap is
   * fatal.
   */
  private void onEnvelope(Map<?, ?> envelope) {
    long first = envelope.get("s") instanceof Number ? ((Number) envelope.get("s")).longValue() : 0;
    if (envelope.get("ack") instanceof Number) {
      acknowledged(((Number) envelope.get("ack")).longValue());
    }
    List<?> messages = (List<?>) envelope.get("m");
    for (int i = 0; i < messages.size(); i++) {
      State state = connection.getState();
      if (state.isClosed()) {
        return;
      }
      long seq = first + i;
      if (seq <= received) {
        continue; // replayed, already processed
      }
      if (seq != received + 1) {
        if (connection.link().kind() == Transport.HTTP_POLLING
            && (state == State.CONNECTED_ACTIVE || state == State.RECOVERING_RECONNECT)) {
          // A poll answer can vanish without the transport failing: the JDK's HTTP client retries a
          // GET whose
          // reused connection was reset, and the server already wrote a frame to the dead one. It
          // is still in
          // the server's recovery buffer (we never acknowledged it): reconnect and have it
          // replayed.
          connection.lost(
              CloseReason.CONNECTION_ERROR,
              false,
              "server message " + seq + " arrived after " + received + ": a poll answer was lost",
              null);
          return;
        }
        connection.finish(
            CloseReason.LOST_MESSAGES,
            "Server message " + seq + " arrived after " + received,
            null);
        connection.abortTransport();
        return;
      }
      received = seq;
      dispatch(messages.get(i));
    }
    scheduleAck();
  }

  /** Acknowledges at least every 32 messages and at most 1 s late (§12). */
  private void scheduleAck() {
    if (received - ackSent >= 32) {
      sendAck();
    } else if (received > ackSent && !ackTimerArmed) {
      ackTimerArmed = true;
      CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS, connection.events())
          .execute(
              () -> {
                ackTimerArmed = false;
                if (received > ackSent) {
                  sendAck();
                }
              });
    }
  }

  private void sendAck() {
    synchronized (outLock) {
      if (!live) {
        return;
      }
      long ack = received;
      ackSent = ack;
      connection.sendRaw("{\"t\":\"ack\",\"ack\":" + ack + "}");
    }
  }
}
