/**
 * The periodic-work role: {@link dev.osmosis.sweep.Sweep}, implemented by each feature that expires
 * or checks something over time (topic REMOVAL policies, request timeouts, reconnect timeouts,
 * WebSocket liveness, HTTP polls) and run by the platform's one interval timer. Plain Java: depends
 * on the JDK only, so every package can implement it.
 */
package dev.osmosis.sweep;
