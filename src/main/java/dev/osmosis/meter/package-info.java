/**
 * The server's own counters (docs/OPERATIONS.md "Metrics"): what the features count as they work,
 * striped ({@link java.util.concurrent.atomic.LongAdder}) so that counting on a hot path costs a
 * few nanoseconds and no lock, read when {@code /metrics} or the admin API is asked. By-label
 * counters are arrays of adders indexed by an enum ({@link dev.osmosis.meter.Counts}); the round
 * trip of requests is a fixed-bucket {@link dev.osmosis.meter.Histogram}. One {@link
 * dev.osmosis.meter.ServerMeters} per server. Vocabulary floor: names the JDK and {@code wire}
 * only; the boundary package {@code monitor} publishes it through MicroProfile Metrics.
 */
package dev.osmosis.meter;
