package dev.osmosis.client;

import dev.osmosis.wire.CloseReason;
import java.util.Map;

/**
 * Receives the events of a session properties listener registered with {@link
 * ClientControl#addSessionPropertiesListener} (PROTOCOL.md §8): first an {@link #onSessionOpen} for
 * every session that exists when it registers, then the events as they happen, until {@link
 * #onClose()}.
 *
 * <p>Called on the registering session's event thread, one event at a time in arrival order; must
 * not block. The maps are unmodifiable and hold only the selected keys; a value in {@code previous}
 * is {@code null} where the property was absent.
 */
public interface SessionPropertiesListener {

  /** A session exists or has opened; {@code properties} are its selected properties. */
  void onSessionOpen(SessionId session, Map<String, String> properties);

  /**
   * A session changed: for {@link EventType#UPDATED} one of the selected properties changed, {@code
   * properties} are the new values and {@code previous} the old values of the selected keys.
   */
  void onSessionEvent(
      SessionId session,
      EventType type,
      Map<String, String> properties,
      Map<String, String> previous);

  /** A session closed; {@code properties} are its last selected properties. */
  void onSessionClose(SessionId session, Map<String, String> properties, CloseReason reason);

  /**
   * The registration ended: it was {@linkplain Registration#close() closed} or the registering
   * session closed. No event follows. Called once.
   */
  default void onClose() {}

  /** The kinds of {@link #onSessionEvent}. */
  enum EventType {
    /** One of the selected properties changed. */
    UPDATED,
    /** The session lost its connection and is trying to recover (once reconnection exists). */
    DISCONNECTED,
    /** The session recovered its connection (once reconnection exists). */
    RECONNECTED
  }
}
