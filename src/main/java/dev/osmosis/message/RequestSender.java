package dev.osmosis.message;

import dev.osmosis.session.Session;

/**
 * Encodes a request and enqueues it on the target session's connection (the protocol layer
 * implements it).
 */
@FunctionalInterface
public interface RequestSender {
  void send(Session target, Request request);

  /**
   * A request to one target (not one of many): the connection may write it on the calling thread.
   */
  default void sendOne(Session target, Request request) {
    send(target, request);
  }
}
