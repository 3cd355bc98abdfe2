/**
 * The core's coded refusal: {@link dev.osmosis.error.RequestException} carries the {@code
 * wire.ErrorCode} and message a client receives when the server refuses a request. Every feature
 * throws it, the connection layer answers it with an error message, the admin API maps it to an
 * HTTP status. Plain Java: depends on the JDK and {@code wire} only, so every core package may use
 * it.
 */
package dev.osmosis.error;
