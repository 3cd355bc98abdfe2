/**
 * The grid implementations of the cluster roles ({@code dev.osmosis.cluster}) on the Hazelcast
 * instance Payara Micro runs, and the one decision, at start, whether this node runs on the grid
 * ({@link dev.osmosis.grid.GridProducer}). A boundary package, and the only one that imports {@code
 * com.hazelcast} (ArchitectureTest): compiled against Hazelcast 5.3.8 ({@code provided}), the
 * version Payara Micro 6.2025.10 ships. docs/CLUSTER.md.
 */
package dev.osmosis.grid;
