/**
 * Durable topics (docs/PERSISTENCE.md): what a persistent topic's durable state is ({@link
 * dev.osmosis.durable.TopicState}), the role of the store that keeps it ({@link
 * dev.osmosis.durable.TopicStore}, implemented with Jakarta Persistence in the boundary package
 * {@code store}), and the write-behind between the topic tree and the store ({@link
 * dev.osmosis.durable.TopicJournal}): coalescing per topic, flushing within a bounded delay,
 * bounded, retrying with back-off, reporting its health. Plain Java: depends on the JDK and the
 * {@code topic} package only.
 */
package dev.osmosis.durable;
