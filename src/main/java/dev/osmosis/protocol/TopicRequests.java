package dev.osmosis.protocol;

import dev.osmosis.control.Caller;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Session;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;

/** The topic messages of docs/PROTOCOL.md §9, for one connection: decode is done, this calls the core. */
final class TopicRequests {
  private final Subscriptions subscriptions;
  private final TopicControl topics;
  private final Connection connection;
  private final TopicQueryRequests queries;

  TopicRequests(Subscriptions subscriptions, TopicControl topics, Connection connection) {
    this.queries = new TopicQueryRequests(subscriptions, connection);
    this.subscriptions = subscriptions;
    this.topics = topics;
    this.connection = connection;
  }

  /** Handles a topic message; false if {@code frame} is not one. */
  boolean handle(Session session, ClientFrame frame) {
    if (frame instanceof ClientFrame.Select select) {
      // subscribe/value messages are queued before the answer, so the client sees them first; the answer may
      // wait for a missing topic handler.
      queries.select(session, select);
    } else if (frame instanceof ClientFrame.Unselect unselect) {
      connection.send(ServerFrames.count(unselect.id(), subscriptions.unselect(session, unselect.selector()), null));
    } else if (frame instanceof ClientFrame.AddTopic add) {
      connection.send(ServerFrames.result(add.id(), topics.add(caller(session), add.path(), add.specification()).name()));
    } else if (frame instanceof ClientFrame.RemoveTopics remove) {
      connection.send(ServerFrames.count(remove.id(), topics.remove(caller(session), remove.selector()), null));
    } else if (frame instanceof ClientFrame.SetValue set) {
      topics.set(caller(session), set.path(), set.type(), set.value());
      connection.send(ServerFrames.ok(set.id()));
    } else if (frame instanceof ClientFrame.AddAndSet add) {
      connection.send(ServerFrames.result(add.id(),
          topics.addAndSet(caller(session), add.path(), add.specification(), add.value()).name()));
    } else if (!queries.handle(session, frame)) {
      return false;
    }
    return true;
  }

  private static Caller caller(Session session) {
    return new Caller(session.principal(), session.roles(), session.id().toString());
  }
}
