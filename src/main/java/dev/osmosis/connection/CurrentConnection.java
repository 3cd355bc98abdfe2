package dev.osmosis.connection;

import dev.osmosis.session.Connection;
import dev.osmosis.wire.CloseReason;
import java.util.function.Supplier;

/**
 * The connection a {@link ClientConnection} answers through (replies, errors, session events, the
 * feature requests it hands on): its sequenced session's {@link ReliableConnection} once the
 * handshake made one, else the transport's own connection. It forwards every method of {@link
 * Connection} — {@code sendDirect} included, so that replies keep their write on the replying
 * thread — and takes the remote address from the transport.
 */
final class CurrentConnection implements Connection {
  private final Connection raw;
  private final Supplier<ReliableConnection> sequenced;

  /**
   * @param raw the transport's connection
   * @param sequenced the sequenced session's connection, or null while there is none
   */
  CurrentConnection(Connection raw, Supplier<ReliableConnection> sequenced) {
    this.raw = raw;
    this.sequenced = sequenced;
  }

  private Connection target() {
    ReliableConnection r = sequenced.get();
    return r != null ? r : raw;
  }

  @Override
  public void send(String message) {
    target().send(message);
  }

  @Override
  public void sendDirect(String message) {
    target().sendDirect(message);
  }

  @Override
  public void sendConflated(Long key, String message, String full) {
    target().sendConflated(key, message, full);
  }

  @Override
  public void send(String message, int priority) {
    target().send(message, priority);
  }

  @Override
  public void sendConflated(Long key, String message, String full, int priority) {
    target().sendConflated(key, message, full, priority);
  }

  @Override
  public void sendTracked(String message, Runnable taken) {
    target().sendTracked(message, taken);
  }

  @Override
  public void discardConflated(long key) {
    target().discardConflated(key);
  }

  @Override
  public int queued() {
    return target().queued();
  }

  @Override
  public boolean isBackedUp() {
    return target().isBackedUp();
  }

  @Override
  public void trackAcked(long topic, long from) {
    target().trackAcked(topic, from);
  }

  @Override
  public void untrackAcked(long topic) {
    target().untrackAcked(topic);
  }

  @Override
  public long acknowledged(long topic) {
    return target().acknowledged(topic);
  }

  @Override
  public void close(CloseReason reason, String message) {
    target().close(reason, message);
  }

  @Override
  public String remoteAddress() {
    return raw.remoteAddress();
  }
}
