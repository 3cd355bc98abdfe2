/**
 * Client sessions: identity, fixed and user properties, states, close reasons, the registry of open sessions,
 * and the handshake/re-authentication rules. Plain Java: depends on the JDK and {@code security} only. A session
 * ends through {@link dev.osmosis.session.Session#close}, whatever ended it.
 */
package dev.osmosis.session;
