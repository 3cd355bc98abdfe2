/**
 * Metric collectors, Diffusion's {@code SessionMetricCollector} and {@code TopicMetricCollector}:
 * named definitions that group the open sessions a session filter matches by their properties, or
 * the topics a topic selector matches by type and path prefix, and count each group when sampled
 * ({@link dev.osmosis.metrics.MetricCollectors#sample()}: at scrape or console time, never per
 * update). A change is stored ({@link dev.osmosis.metrics.CollectorStorage}, the database's {@code
 * store} implementation) and shared with the other nodes ({@link
 * dev.osmosis.metrics.MetricCollectors.Sharing}, the grid's) before it is acknowledged. Core: plain
 * Java on the features floor (session, filter, selector, topic, error); permissions are checked by
 * the boundary and the connection layer that call it.
 */
package dev.osmosis.metrics;
