package dev.osmosis.connection;

import dev.osmosis.control.Caller;
import dev.osmosis.control.ClientControl;
import dev.osmosis.control.SessionSelections;
import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.SelectionFrames;
import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Session;
import dev.osmosis.subscribe.ControlledSelections;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.subscribe.UpdateConstraint;

/**
 * The topic messages of docs/PROTOCOL.md §9, for one connection: decode is done, this calls the
 * core.
 */
final class TopicRequests {
  private final Subscriptions subscriptions;
  private final TopicControl topics;
  private final Connection connection;
  private final TopicQueryRequests queries;
  private final ClientControl clients;
  private final SessionSelections selections;
  private UpdateConstraint.Context locks = TopicControl.NO_LOCKS;

  /** The number of the client message being handled if fail-over may replay it, else 0. */
  private long message;

  TopicRequests(
      Subscriptions subscriptions,
      TopicControl topics,
      ClientControl clients,
      Connection connection) {
    this.queries = new TopicQueryRequests(subscriptions, connection);
    this.clients = clients;
    this.subscriptions = subscriptions;
    this.selections = new ControlledSelections(subscriptions);
    this.topics = topics;
    this.connection = connection;
  }

  /** Most fetch answers queued at once (SessionLimits). */
  void maxFetchesInFlight(int max) {
    queries.maxFetchesInFlight(max);
  }

  /** How the {@code locked} constraint learns which locks the session holds. */
  void locks(UpdateConstraint.Context locks) {
    this.locks = locks;
  }

  /**
   * The next message handled is client message {@code seq} of a session another node may resume:
   * its updates carry it as their idempotency key; 0 for none.
   */
  void message(long seq) {
    this.message = seq;
  }

  /** Handles a topic message; false if {@code frame} is not one. */
  boolean handle(Session session, ClientFrame frame) {
    if (frame instanceof ClientFrame.Select select) {
      // subscribe/value messages are queued before the answer, so the client sees them first; the
      // answer may
      // wait for a missing topic handler.
      queries.select(session, select);
    } else if (frame instanceof ClientFrame.Unselect unselect) {
      int count =
          unselect.scope() == null
              ? subscriptions.unselectAllScopes(session, unselect.selector())
              : subscriptions.unselect(session, unselect.selector(), unselect.scope());
      connection.send(ServerFrames.count(unselect.id(), count, null));
    } else if (frame instanceof ClientFrame.AddTopic add) {
      connection.send(
          ServerFrames.result(
              add.id(), topics.add(caller(session), add.path(), add.specification()).name()));
    } else if (frame instanceof ClientFrame.RemoveTopics remove) {
      connection.send(
          ServerFrames.count(remove.id(), topics.remove(caller(session), remove.selector()), null));
    } else if (frame instanceof ClientFrame.SetValue set) {
      topics.set(caller(session), set.path(), set.type(), set.value(), set.constraint(), locks);
      connection.send(ServerFrames.ok(set.id()));
    } else if (frame instanceof ClientFrame.AddAndSet add) {
      connection.send(
          ServerFrames.result(
              add.id(),
              topics
                  .addAndSet(
                      caller(session),
                      add.path(),
                      add.specification(),
                      add.value(),
                      add.constraint(),
                      locks)
                  .name()));
    } else if (frame instanceof ClientFrame.ApplyJsonPatch patch) {
      topics.applyJsonPatch(
          caller(session), patch.path(), patch.patch(), patch.constraint(), locks);
      connection.send(ServerFrames.ok(patch.id()));
    } else if (frame instanceof ClientFrame.SubscribeControl control) {
      int sessions =
          clients.subscribe(
              caller(session),
              control.target(),
              control.selector(),
              control.scope(),
              control.subscribe(),
              selections);
      connection.send(ServerFrames.count(control.id(), sessions, null));
    } else if (frame instanceof ClientFrame.GetTopicSelections get) {
      connection.send(
          SelectionFrames.selections(
              get.id(), clients.selections(caller(session), get.session(), selections)));
    } else if (frame instanceof ClientFrame.SetConflated conflate) {
      int sessions =
          clients.setConflated(
              caller(session), conflate.target(), conflate.conflated(), selections);
      connection.send(ServerFrames.count(conflate.id(), sessions, null));
    } else if (!queries.handle(session, frame)) {
      return false;
    }
    return true;
  }

  private Caller caller(Session session) {
    return new Caller(session.principal(), session.roles(), session.id().toString(), message);
  }
}
