/**
 * Client sessions: identity, fixed and user properties, states, close reasons, the registry of open
 * sessions, and the handshake/re-authentication rules. Plain Java: depends on the JDK, {@code
 * security} and {@code filter} (a session is a filter target). A session ends through {@link
 * dev.osmosis.session.Session#close}, whatever ended it.
 */
package dev.osmosis.session;
