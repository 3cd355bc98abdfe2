/**
 * Session locks (seed 000 {@code lock}; docs/MESSAGING.md): named locks a session acquires, waits
 * for in FIFO order, and releases by unlocking or by ending. Plain Java: depends on the JDK, {@code
 * session}, {@code security}, {@code topic}'s path rules and {@code protocol}'s error codes.
 */
package dev.osmosis.lock;
