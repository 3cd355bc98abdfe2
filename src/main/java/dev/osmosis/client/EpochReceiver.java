package dev.osmosis.client;

import dev.osmosis.wire.CloseReason;

/**
 * The receiver of the transport a {@link Connection} opened in one epoch: its events go to the
 * event thread and are dropped once a newer transport exists (epoch 0: a transport handed over by
 * {@link Connection#start}).
 */
final class EpochReceiver implements Channel.Receiver {

  private final Connection connection;
  private final int epoch;

  EpochReceiver(Connection connection, int epoch) {
    this.connection = connection;
    this.epoch = epoch;
  }

  @Override
  public void onText(String text) {
    connection.execute(
        () -> {
          if (epoch == connection.link().epoch()) {
            connection.onFrame(text);
          }
        });
  }

  @Override
  public void onPing() {
    if (epoch == connection.link().epoch()) {
      connection.touch();
    }
  }

  @Override
  public void onClosed(int code, String reason) {
    connection.execute(
        () -> {
          if (epoch == connection.link().epoch()) {
            connection.transportClosed(code, reason);
          }
        });
  }

  @Override
  public void onError(Throwable error) {
    connection.execute(
        () -> {
          if (epoch == connection.link().epoch()) {
            connection.lost(
                CloseReason.CONNECTION_ERROR, false, String.valueOf(error.getMessage()), error);
          }
        });
  }
}
