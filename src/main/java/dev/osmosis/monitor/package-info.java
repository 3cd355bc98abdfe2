/**
 * Osmosis's metrics on Payara's {@code /metrics} (docs/OPERATIONS.md "Metrics"): {@link
 * dev.osmosis.monitor.ServerMetrics} registers the server's counters and gauges in MicroProfile
 * Metrics' application registry, with help text and tags, and reads the core ({@code meter}, the
 * session registry, the subscriptions, the pending requests, the cluster) when Prometheus scrapes.
 * A boundary package: the only one that names {@code org.eclipse.microprofile.metrics}
 * (ArchitectureTest); nothing in the core names it.
 */
package dev.osmosis.monitor;
