package dev.osmosis.cluster;

/**
 * One node of the cluster.
 *
 * @param id the node id ({@link Cluster#nodeId()} on that node)
 * @param address where the grid reaches it ({@code host:port}), empty for a node without a grid
 * @param local whether it is this node
 */
public record ClusterMember(String id, String address, boolean local) {}
