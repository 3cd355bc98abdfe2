/**
 * Subscriptions and fan-out: what goes to which session and how it is queued. For now the per-connection
 * {@link dev.osmosis.subscribe.Outbox}; the topics issue adds selections x topics and the encode-once fan-out.
 * {@link dev.osmosis.subscribe.TopicExpiry} enforces topics' REMOVAL policies with one periodic sweep and an injected
 * clock. Plain Java: depends on the JDK, {@code protocol} and {@code session}.
 */
package dev.osmosis.subscribe;
