package dev.osmosis.message;

import dev.osmosis.session.Session;

/** Encodes a request and enqueues it on the target session's connection (the protocol layer implements it). */
@FunctionalInterface
public interface RequestSender {
  void send(Session target, Request request);
}
