package dev.osmosis.message;

import dev.osmosis.filter.SessionFilter;
import dev.osmosis.session.SessionId;
import dev.osmosis.wire.ErrorCode;
import java.util.List;
import java.util.Map;

/**
 * Cross-node delivery of requests (docs/CLUSTER.md "Messaging"): how {@link Messaging} reaches
 * sessions and request handlers on the other nodes of the cluster, and how their answers come back.
 * Two implementations, decided once at start: {@link LocalRelay}, one node (what runs with the grid
 * off: there is no other node, every method answers at once and nothing is sent), and the grid's.
 *
 * <p>Guarantees a caller can rely on, whatever the implementation:
 *
 * <ul>
 *   <li><b>At most once.</b> A request sent to another node is delivered there at most once, and
 *       its answer comes back at most once; nothing is retried.
 *   <li><b>Never silence.</b> A request to a node that is no longer a member fails at once ({@link
 *       dev.osmosis.error.RequestException} RECIPIENT_GONE); a node that leaves the cluster while
 *       it owes answers is reported through {@link Inbound#nodeGone}, once; a message lost on the
 *       way ends by the sender's request timeout.
 *   <li><b>Eventually consistent lookups.</b> {@link #nodeOf}, {@link #othersMatching} and {@link
 *       #handler} read what the other nodes published: a session or handler that appeared or went
 *       away a moment ago on another node may not be seen yet (the request then ends NOT_FOUND or
 *       RECIPIENT_GONE, as for a session that closed).
 *   <li>Calls come from any thread and only enqueue or read local state, except {@link
 *       #handlerAdded} and {@link #handlerRemoved}, which may wait for the grid.
 * </ul>
 */
public interface NodeRelay {

  /** Whether other nodes may exist; false for {@link LocalRelay}. */
  boolean clustered();

  /** This node's id ({@code cluster.Cluster#nodeId()}). */
  String nodeId();

  /** Starts delivering what other nodes send this node to {@code inbound}; called once. */
  void start(Inbound inbound);

  /**
   * The id of the other node the open session {@code sessionId} is on, or null when no other node
   * has it.
   */
  String nodeOf(String sessionId);

  /** The open sessions of the other nodes that {@code filter} matches. */
  List<RemoteSession> othersMatching(SessionFilter filter);

  /**
   * Another node with a request handler registered for exactly {@code branch} (canonical), picked
   * at random among those that have one, or null when none has.
   */
  RemoteHandler handler(String branch);

  /** A handler of this node was registered: the other nodes may route requests to it. */
  void handlerAdded(RequestHandlers.Handler handler);

  /** A handler of this node ended (it was {@link #handlerAdded added} before). */
  void handlerRemoved(RequestHandlers.Handler handler);

  /**
   * Sends a request to another node; its end comes back through {@link Inbound#answer}.
   *
   * @throws dev.osmosis.error.RequestException RECIPIENT_GONE if {@code node} is not a member
   */
  void send(String node, RemoteRequest request);

  /** Sends the end of a request that {@code node} sent back to it (dropped if it is gone). */
  void answer(String node, RemoteAnswer answer);

  /**
   * Sends one request to several sessions of another node (a filter's sessions there) as one
   * message; that node delivers it to each and sends each one's end back as for {@link
   * #send(String, RemoteRequest)}.
   *
   * @throws dev.osmosis.error.RequestException RECIPIENT_GONE if {@code node} is not a member
   */
  void send(String node, RemoteFanOut fanOut);

  /**
   * Sends a client-control operation to another node; its result comes back through {@link
   * Inbound#controlAnswer}.
   *
   * @throws dev.osmosis.error.RequestException RECIPIENT_GONE if {@code node} is not a member
   */
  void send(String node, RemoteControl control);

  /** Sends the result of an operation that {@code node} sent back to it (dropped if it is gone). */
  void answerControl(String node, RemoteAnswer answer);

  /** Where what other nodes send this node goes; implementations only enqueue. */
  interface Inbound {
    /** Another node sends a request to a session or a handler of this node. */
    void request(RemoteRequest request);

    /** Another node sends one request to several sessions of this node. */
    void requests(RemoteFanOut fanOut);

    /** Another node answers a request this node sent it. */
    void answer(RemoteAnswer answer);

    /** Another node has this node act on its own sessions (close, properties, roles). */
    void control(RemoteControl control);

    /** Another node answers an operation this node sent it. */
    void controlAnswer(RemoteAnswer answer);

    /** A node left the cluster: the requests it has not answered end. */
    void nodeGone(String node);
  }

  /** A session open on another node. */
  record RemoteSession(SessionId id, String node) {}

  /** A handler on another node and the sender properties it wants. */
  record RemoteHandler(String node, List<String> keys) {}

  /**
   * A request on its way to another node.
   *
   * @param origin the sending node's id (where the answer goes)
   * @param rid the sending node's id of the request (the answer carries it)
   * @param session the target session's id, or null for a request to a handler
   * @param path the path the request was sent to (canonical)
   * @param branch the handler's branch, or null for a request to a session
   * @param sender the requesting session's id
   * @param properties the sender's properties the handler wants (empty for a session)
   * @param payload the request value
   */
  record RemoteRequest(
      String origin,
      long rid,
      String session,
      String path,
      String branch,
      SessionId sender,
      Map<String, String> properties,
      Payload payload) {}

  /**
   * One request to several sessions of another node (a filter request's sessions there).
   *
   * @param origin the sending node's id (where the answers go)
   * @param path the path the request was sent to (canonical)
   * @param sender the requesting session's id
   * @param payload the request value
   * @param targets each target session's id and the sending node's id of its request
   */
  record RemoteFanOut(
      String origin, String path, SessionId sender, Payload payload, List<Addressed> targets) {}

  /** A session of a {@link RemoteFanOut} and the id of its request on the sending node. */
  record Addressed(String session, long rid) {}

  /**
   * A client-control operation on its way to another node ({@code control.ClientControl#serve}).
   *
   * @param origin the sending node's id (where the result goes)
   * @param rid the sending node's id of the operation (the result carries it)
   * @param operation the operation, as JSON text
   */
  record RemoteControl(String origin, long rid, String operation) {}

  /**
   * The end of a request, on its way back to the node that sent it.
   *
   * @param from the answering node's id
   * @param rid the sending node's id of the request
   * @param response the response, or null for an error
   * @param code the error's code (null with a response)
   * @param message the error's message (null with a response)
   */
  record RemoteAnswer(String from, long rid, Payload response, ErrorCode code, String message) {}
}
