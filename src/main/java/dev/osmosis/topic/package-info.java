/**
 * Topics: the concurrent topic tree and what it holds.
 *
 * <ul>
 *   <li>{@link dev.osmosis.topic.TopicPath}: path rules and canonical form.
 *   <li>{@link dev.osmosis.topic.TopicType} and {@link dev.osmosis.topic.TopicValue}: the types,
 *       their immutable values and validation. JSON values are kept as validated compact text,
 *       produced once, never re-serialised per subscriber.
 *   <li>{@link dev.osmosis.topic.TopicSpecification}: type plus Diffusion's properties, validated.
 *   <li>{@link dev.osmosis.topic.RemovalPolicy}: the REMOVAL property's language, parsed into an
 *       immutable condition tree (enforced by {@code dev.osmosis.subscribe.TopicExpiry}).
 *   <li>{@link dev.osmosis.topic.TopicTree}: a trie of path segments with no global lock; add
 *       (ADDED / EXISTS / conflict), get, set (with the JSON delta computed once), remove by
 *       matcher, iteration of a branch, listeners for added and removed topics.
 *   <li>{@link dev.osmosis.topic.Topic}: path, specification, volatile value and a copy-on-write
 *       subscriber array for fan-out.
 * </ul>
 *
 * <p>Protocol, permissions, subscriptions and fan-out are built on this package elsewhere; see
 * {@code docs/TOPICS.md} for what is enforced now and what comes later.
 *
 * <p>Depends on the JDK, {@code dev.osmosis.filter} (to parse the OWNER property and REMOVAL
 * filters) and {@code jakarta.json} (JSON-P, a plain library: validation and RFC 6902 diff) only.
 */
package dev.osmosis.topic;
