package dev.osmosis.session;

import dev.osmosis.meter.ServerMeters;
import dev.osmosis.wire.CloseReason;
import java.util.Map;

/**
 * Counts sessions as the registry hears them open, close (by reason) and come back on a new
 * transport, in the server's {@link ServerMeters}. One listener on the {@link SessionRegistry}.
 */
public final class SessionMeter implements SessionListener {
  private final ServerMeters meters;

  public SessionMeter(ServerMeters meters) {
    this.meters = meters;
  }

  @Override
  public void opened(Session session) {
    meters.sessionOpened();
  }

  @Override
  public void updated(Session session, Map<String, String> before, Map<String, String> after) {}

  @Override
  public void closed(Session session, CloseReason reason) {
    meters.sessionClosed(reason);
  }

  @Override
  public void reconnected(Session session) {
    meters.sessionReconnected();
  }
}
