package dev.osmosis.client;

/** The answer to adding a topic. */
public enum AddTopicResult {
  /** The topic was added. */
  ADDED,
  /** A topic with an equal specification already exists there; nothing changed. */
  EXISTS
}
