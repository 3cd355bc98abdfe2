package dev.osmosis.subscribe;

import dev.osmosis.control.SessionSelections;
import dev.osmosis.session.Session;
import java.util.List;
import java.util.Map;

/**
 * Client control's access to the subscription engine ({@link SessionSelections}): another session's
 * selections are made and ended as {@link Subscriptions#selectFor} and {@link
 * Subscriptions#unselectFor} do (the controller's permissions are checked by {@code ClientControl};
 * the session still needs READ_TOPIC per topic; its streams see reason CONTROL).
 */
public final class ControlledSelections implements SessionSelections {
  private final Subscriptions subscriptions;

  public ControlledSelections(Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  @Override
  public void select(Session session, String selector) {
    subscriptions.selectFor(session, selector);
  }

  @Override
  public void unselect(Session session, String selector) {
    subscriptions.unselectFor(session, selector);
  }

  @Override
  public void select(Session session, String selector, String scope) {
    subscriptions.selectFor(session, selector, scope);
  }

  @Override
  public void unselect(Session session, String selector, String scope) {
    if (scope == null) {
      subscriptions.unselectAllScopesFor(session, selector);
    } else {
      subscriptions.unselectFor(session, selector, scope);
    }
  }

  @Override
  public Map<String, List<String>> selections(Session session) {
    return subscriptions.selectionsByScope(session);
  }

  @Override
  public void conflate(Session session, boolean conflated) {
    subscriptions.conflate(session, conflated);
  }
}
