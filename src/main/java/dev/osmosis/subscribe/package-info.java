/**
 * Subscriptions and fan-out: which topics each session selects and how updates reach it. {@link
 * dev.osmosis.subscribe.Subscriptions} joins persistent selections with the topic tree and fans one
 * update, encoded once through the codec's {@link dev.osmosis.subscribe.TopicEncoder}, out to every
 * subscriber's {@code session.Connection} (which only enqueues: the outbound queue engine behind
 * it, {@code connection.Outbox}, belongs to the connection layer); {@link
 * dev.osmosis.subscribe.TopicControl} adds, updates and removes topics (constraints, JSON patches
 * bounded by {@link dev.osmosis.subscribe.ValueLimits}); {@link dev.osmosis.subscribe.Fetcher},
 * {@link dev.osmosis.subscribe.TopicNotifications} and {@link
 * dev.osmosis.subscribe.MissingTopicHandlers} answer fetches, notification selections and selects
 * of missing topics; {@link dev.osmosis.subscribe.TopicExpiry} enforces topics' REMOVAL policies
 * with one periodic sweep and an injected clock; {@link dev.osmosis.subscribe.LocalTopics} hands
 * the changes of persistent topics to the {@code durable} write-behind. Plain Java: depends on the
 * JDK and the {@code topic}, {@code durable}, {@code selector}, {@code session}, {@code security},
 * {@code filter}, {@code control}, {@code sweep}, {@code error} and {@code wire} packages; never on
 * the codec ({@code protocol}) or the connection layer above it.
 */
package dev.osmosis.subscribe;
