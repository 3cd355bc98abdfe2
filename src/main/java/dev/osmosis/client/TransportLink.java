package dev.osmosis.client;

/**
 * The transport a {@link Connection} currently talks over, its kind and its epoch. Each transport
 * opened gets a new epoch and a receiver bound to it ({@link EpochReceiver}), so the events of a
 * transport that was replaced are ignored. Written on the event thread; read from any (a send).
 */
final class TransportLink {

  private final Connection connection;
  private volatile Channel transport;

  /**
   * The kind of the current transport; null when it was handed over by {@link Connection#start}
   * (tests).
   */
  private volatile Transport kind;

  /** Which transport's events count: each reconnect attempt has its own; stale ones are ignored. */
  private volatile int epoch;

  TransportLink(Connection connection) {
    this.connection = connection;
  }

  int epoch() {
    return epoch;
  }

  /** Starts a new epoch: events of the transports of earlier ones are ignored from now on. */
  int nextEpoch() {
    return ++epoch;
  }

  /** The receiver of the transport opened for epoch {@code e}. */
  Channel.Receiver receiver(int e) {
    return new EpochReceiver(connection, e);
  }

  /** The transport opened becomes the current one (of the kind it is, or null when handed over). */
  void attach(Channel opened, Transport openedKind) {
    transport = opened;
    kind = openedKind;
  }

  /** Drops the current transport, in a new epoch. */
  void detach() {
    Channel failed = transport;
    transport = null;
    epoch++;
    if (failed != null) {
      failed.abort();
    }
  }

  boolean isAttached() {
    return transport != null;
  }

  Transport kind() {
    return kind;
  }

  /** Sends a frame as it is on the current transport; a failure counts as the transport's error. */
  void send(String text) {
    Channel current = transport;
    if (current == null) {
      return;
    }
    int e = epoch;
    current
        .send(text)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                receiver(e).onError(error);
              }
            });
  }

  /** Drops the current transport at once (it stays current: its close event still counts). */
  void abort() {
    Channel current = transport;
    if (current != null) {
      current.abort();
    }
  }
}
