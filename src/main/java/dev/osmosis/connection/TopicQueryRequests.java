package dev.osmosis.connection;

import dev.osmosis.error.RequestException;
import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.protocol.TopicQueryFrames;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Session;
import dev.osmosis.subscribe.MissingTopicHandlers;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.wire.ErrorCode;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fetch, topic notification and missing topic handler messages of docs/PROTOCOL.md §9 for one
 * connection, and {@code select}, which may wait for a missing topic handler.
 */
final class TopicQueryRequests {
  private final Subscriptions subscriptions;
  private final Connection connection;

  /** Fetch answers queued and not yet handed to the transport: each may be up to 1 MiB. */
  private final AtomicInteger fetchesInFlight = new AtomicInteger();

  private volatile int maxFetchesInFlight = SessionLimits.defaults().maxFetchesInFlight();

  TopicQueryRequests(Subscriptions subscriptions, Connection connection) {
    this.subscriptions = subscriptions;
    this.connection = connection;
  }

  void maxFetchesInFlight(int max) {
    this.maxFetchesInFlight = max;
  }

  /**
   * Selects; the answer goes out at once, or when the missing topic handler asked has answered (or
   * is gone, or timed out). Subscriptions made meanwhile are queued before it.
   */
  void select(Session session, ClientFrame.Select select) {
    subscriptions
        .missingTopicHandlers()
        .select(
            session,
            select.selector(),
            select.scope(),
            (MissingTopicHandlers.Answer a) ->
                connection.send(
                    TopicQueryFrames.selected(
                        select.id(), a.count(), a.outcome() == null ? null : a.outcome().name())));
  }

  /** Handles one of this class's messages; false if {@code frame} is not one. */
  boolean handle(Session session, ClientFrame frame) {
    if (frame instanceof ClientFrame.Fetch fetch) {
      fetch(session, fetch);
    } else if (frame instanceof ClientFrame.SelectNotifications select) {
      connection.send(
          ServerFrames.count(
              select.id(), subscriptions.notifications().select(session, select.selector()), null));
    } else if (frame instanceof ClientFrame.DeselectNotifications deselect) {
      connection.send(
          ServerFrames.count(
              deselect.id(),
              subscriptions.notifications().deselect(session, deselect.selector()),
              null));
    } else if (frame instanceof ClientFrame.AddMissingTopicHandler add) {
      connection.send(
          TopicQueryFrames.handlerAdded(
              add.id(),
              subscriptions
                  .missingTopicHandlers()
                  .register(session, add.path(), add.properties())));
    } else if (frame instanceof ClientFrame.RemoveMissingTopicHandler remove) {
      connection.send(
          TopicQueryFrames.handlerRemoved(
              remove.id(),
              subscriptions.missingTopicHandlers().unregister(session, remove.path())));
    } else if (frame instanceof ClientFrame.MissingTopicResponse response) {
      subscriptions.missingTopicHandlers().respond(session, response.rid(), response.proceed());
    } else {
      return false;
    }
    return true;
  }

  /** Fetches, unless too many answers of this connection still wait to be written (4029). */
  private void fetch(Session session, ClientFrame.Fetch fetch) {
    int max = maxFetchesInFlight;
    if (fetchesInFlight.incrementAndGet() > max) {
      fetchesInFlight.decrementAndGet();
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "at most "
              + max
              + " fetch answers may wait to be sent to a session; read them before fetching more");
    }
    String answer;
    try {
      answer =
          TopicQueryFrames.fetchResult(
              fetch.id(),
              subscriptions.fetcher().fetch(session, fetch.query()),
              fetch.query().properties());
    } catch (RuntimeException e) {
      fetchesInFlight.decrementAndGet();
      throw e;
    }
    connection.sendTracked(answer, fetchesInFlight::decrementAndGet);
  }
}
