package dev.osmosis.connection;

import dev.osmosis.control.ClientControl;
import dev.osmosis.error.RequestException;
import dev.osmosis.message.RequestHandlers;
import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.session.Session;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.topic.TopicPath;
import dev.osmosis.wire.ErrorCode;
import java.util.function.Supplier;

/**
 * The cap on what one session registers besides its topic selections, all kinds together ({@code
 * osmosis.maxRegistrationsPerSession}, docs/SECURITY.md "Limits"): request handlers, missing-topic
 * handlers, notification selections and session properties listeners. They ride in the session's
 * grid record for fail-over (docs/RECONNECTION.md), so their total bounds that record. Each kind
 * keeps its own limit too. Counted when a registration arrives (they are rare): a session's
 * messages are handled one at a time, so counting then registering cannot race for one session.
 */
final class RegistrationLimit {
  private final Subscriptions subscriptions;
  private final ClientControl control;
  private final Supplier<MessagingProtocol> messaging;
  private volatile int max = SessionLimits.defaults().maxRegistrationsPerSession();

  RegistrationLimit(
      Subscriptions subscriptions, ClientControl control, Supplier<MessagingProtocol> messaging) {
    this.subscriptions = subscriptions;
    this.control = control;
    this.messaging = messaging;
  }

  void max(int max) {
    this.max = max;
  }

  /**
   * Refuses {@code frame} with 4029 if it registers something new and {@code s} holds the most it
   * may. One that renews or takes over a registration the session holds (the same path, selector or
   * listener id: a replay after a fail-over) is let through.
   */
  void check(Session s, ClientFrame frame) {
    if (!(frame instanceof ClientFrame.AddRequestHandler
        || frame instanceof ClientFrame.AddMissingTopicHandler
        || frame instanceof ClientFrame.SelectNotifications
        || frame instanceof ClientFrame.AddSessionListener)) {
      return;
    }
    int limit = max;
    int held = count(s);
    if (held >= limit && !holds(s, frame)) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "a session may hold at most "
              + limit
              + " registrations (osmosis.maxRegistrationsPerSession: request handlers,"
              + " missing-topic handlers, notification selections and session properties"
              + " listeners together); this one holds "
              + held
              + ": remove one first");
    }
  }

  /** What {@code s} holds of the four kinds. */
  int count(Session s) {
    MessagingProtocol m = messaging.get();
    return (m == null ? 0 : m.messaging().handlers().of(s).size())
        + subscriptions.missingTopicHandlers().of(s).size()
        + subscriptions.notifications().selections(s).size()
        + control.listeners().count(s);
  }

  private boolean holds(Session s, ClientFrame frame) {
    try {
      if (frame instanceof ClientFrame.AddSessionListener add) {
        return control.listeners().get(s, add.id()) != null;
      }
      if (frame instanceof ClientFrame.SelectNotifications select) {
        return subscriptions.notifications().holds(s, select.selector());
      }
      if (frame instanceof ClientFrame.AddMissingTopicHandler add) {
        return subscriptions
            .missingTopicHandlers()
            .of(s)
            .containsKey(TopicPath.canonical(add.path()));
      }
      MessagingProtocol m = messaging.get();
      String branch = TopicPath.canonical(((ClientFrame.AddRequestHandler) frame).path());
      return m != null
          && m.messaging().handlers().of(s).stream()
              .map(RequestHandlers.Handler::branch)
              .anyMatch(branch::equals);
    } catch (RuntimeException invalid) {
      return false; // a bad path or selector: refused by the limit first
    }
  }
}
