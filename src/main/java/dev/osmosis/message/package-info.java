/**
 * Request/response messaging (seed 001 "Send messages"; docs/MESSAGING.md): request handlers
 * registered for a path branch, requests to a path, to one session and to the sessions a filter
 * matches, and the table of requests awaiting a response, which ends every one of them — response,
 * error, timeout, gone — exactly once. Across nodes through the role {@link
 * dev.osmosis.message.NodeRelay} ({@link dev.osmosis.message.LocalRelay} with the grid off; the
 * grid's in {@code dev.osmosis.grid}; docs/CLUSTER.md "Messaging"). Plain Java: depends on the JDK,
 * {@code session}, {@code filter}, {@code security}, {@code control}'s property keys, {@code
 * topic}'s path rules and {@code protocol}'s error codes; values travel as opaque JSON text.
 */
package dev.osmosis.message;
