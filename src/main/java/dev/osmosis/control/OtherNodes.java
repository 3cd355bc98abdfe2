package dev.osmosis.control;

import dev.osmosis.filter.SessionFilter;
import java.util.Set;

/**
 * How {@link ClientControl} reaches sessions open on the other nodes of the cluster
 * (docs/CLUSTER.md "Sessions"): where a session is, which nodes have sessions a filter matches, and
 * one operation carried out by another node on its own sessions. {@link #NONE} with the grid off.
 */
public interface OtherNodes {

  /** No other node: every session is this node's. */
  OtherNodes NONE =
      new OtherNodes() {
        @Override
        public String nodeOf(String sessionId) {
          return null;
        }

        @Override
        public Set<String> nodesMatching(SessionFilter filter) {
          return Set.of();
        }

        @Override
        public String apply(String node, String operation) {
          throw new IllegalStateException("no other node");
        }
      };

  /** The other node the open session {@code sessionId} is on, or null when no other node has it. */
  String nodeOf(String sessionId);

  /** The other nodes that have open sessions {@code filter} matches (eventually consistent). */
  Set<String> nodesMatching(SessionFilter filter);

  /**
   * Has {@code node} carry out {@code operation} ({@link ControlOperation}'s JSON) on its own
   * sessions through its {@link ClientControl#serve}, and answers its result; waits at most the
   * request timeout.
   *
   * @throws dev.osmosis.error.RequestException the node's error with its code, RECIPIENT_GONE if
   *     the node is not a member or leaves before it answers, REQUEST_TIMEOUT if no answer came in
   *     time
   */
  String apply(String node, String operation);
}
