/**
 * One Osmosis across many nodes: the role interfaces the server runs on, each with a local
 * implementation (one node, what runs with the grid off) and a grid implementation in {@code
 * dev.osmosis.grid} (Payara Micro's Hazelcast). {@link dev.osmosis.cluster.Cluster}: this node and
 * its peers; {@link dev.osmosis.cluster.SessionDirectory}: every node's sessions. Plain Java: JDK,
 * {@code session} and {@code filter} only; never Hazelcast (docs/CLUSTER.md).
 */
package dev.osmosis.cluster;
