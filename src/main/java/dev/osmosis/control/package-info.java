/**
 * Client control: sessions (and administrators) acting on other sessions by id or session filter —
 * reading and setting properties, changing roles, closing, listening to session events. Plain Java:
 * depends on the JDK, {@code session}, {@code filter}, {@code security} and {@code protocol}'s
 * error codes.
 */
package dev.osmosis.control;
