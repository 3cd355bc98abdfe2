package dev.osmosis.grid;

import java.util.Locale;

/**
 * {@code osmosis.cluster}: whether this node runs on Payara Micro's data grid. {@code auto} (the
 * default): on the grid when Payara runs one that joins other nodes, alone otherwise ({@code
 * --nocluster}, {@code --nohazelcast}); {@code on}: the grid is required, a node without one
 * refuses to start; {@code off}: alone whatever Payara runs.
 */
enum ClusterSetting {
  AUTO,
  ON,
  OFF;

  static final String KEY = "osmosis.cluster";

  /** {@code auto}, {@code on} or {@code off} in any case; null or blank is {@code auto}. */
  static ClusterSetting parse(String value) {
    if (value == null || value.isBlank()) {
      return AUTO;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          KEY + " must be auto, on or off, is '" + value.trim() + "'. Refusing to start.");
    }
  }

  /**
   * Whether this node runs on the grid.
   *
   * @param gridPresent Payara Micro runs its data grid (not {@code --nohazelcast})
   * @param gridJoins the grid is configured to find other nodes (not {@code --nocluster})
   * @throws IllegalStateException with one line that says why, when the settings contradict each
   *     other
   */
  boolean clustered(boolean gridPresent, boolean gridJoins) {
    return switch (this) {
      case OFF -> false;
      case AUTO -> gridPresent && gridJoins;
      case ON -> {
        if (!gridPresent) {
          throw new IllegalStateException(
              KEY
                  + "=on but Payara Micro runs without its data grid (--nohazelcast): start it"
                  + " without --nohazelcast, or set "
                  + KEY
                  + "=auto. Refusing to start.");
        }
        if (!gridJoins) {
          throw new IllegalStateException(
              KEY
                  + "=on but Payara Micro's data grid joins no other node (--nocluster): start it"
                  + " with --clustermode (docs/CLUSTER.md), or set "
                  + KEY
                  + "=auto. Refusing to start.");
        }
        yield true;
      }
    };
  }
}
