package dev.osmosis.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicates;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import dev.osmosis.cluster.SessionDirectory;
import dev.osmosis.cluster.SessionSummary;
import dev.osmosis.error.RequestException;
import dev.osmosis.filter.SessionFilter;
import dev.osmosis.message.NodeRelay;
import dev.osmosis.message.RequestHandlers;
import dev.osmosis.session.SessionId;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link NodeRelay} on the grid (docs/CLUSTER.md "Messaging").
 *
 * <ul>
 *   <li><b>One inbox per node.</b> Every node listens to a Hazelcast {@link ITopic} of its own,
 *       {@value #INBOX}{@code <node id>}; a request to another node is one message published to
 *       that node's inbox, its answer one message to the sender's. Hazelcast sends a topic message
 *       straight to the members listening to it (one hop) and delivers one publisher's messages in
 *       order, on one event thread per inbox. Messages are bytes ({@link RelayCodec}).
 *   <li><b>Where sessions are</b>: the grid's session directory ({@link SessionDirectory}).
 *   <li><b>Which nodes have a handler for a path</b>: the map {@value #HANDLERS}, one entry per
 *       node and branch ({@code <node id> <branch>}, the handler's session and the sender
 *       properties it wants); every node keeps a copy of the other nodes' entries from the map's
 *       events, so routing a request reads no remote state.
 *   <li><b>Failure</b>: Hazelcast's membership is the only failure detector. A request to a node
 *       that is not a member fails at once; when a member leaves, every survivor ends the requests
 *       it awaits from it ({@link Inbound#nodeGone}), drops it from its handler copy and removes
 *       its entries from the map (idempotent).
 * </ul>
 *
 * Thread-safe.
 */
final class GridRelay implements NodeRelay, MembershipListener, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GridRelay.class.getName());

  /** The prefix of the nodes' inbox topics. */
  static final String INBOX = "osmosis.relay.";

  /** The map of request handlers by node and branch. */
  static final String HANDLERS = "osmosis.handlers";

  private final HazelcastInstance grid;
  private final String node;
  private final SessionDirectory directory;
  private final IMap<String, String> handlers;

  /** The other nodes' handlers: branch, then node, then the sender properties wanted. */
  private final ConcurrentHashMap<String, Map<String, List<String>>> remoteHandlers =
      new ConcurrentHashMap<>();

  private final ConcurrentHashMap<String, ITopic<byte[]>> inboxes = new ConcurrentHashMap<>();
  private volatile Inbound inbound;
  private UUID inboxListener;
  private UUID handlersListener;
  private UUID membershipListener;

  GridRelay(GridCluster cluster, SessionDirectory directory) {
    this.grid = cluster.grid();
    this.node = cluster.nodeId();
    this.directory = directory;
    this.handlers = grid.getMap(HANDLERS);
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public String nodeId() {
    return node;
  }

  @Override
  public synchronized void start(Inbound inbound) {
    if (this.inbound != null) {
      throw new IllegalStateException("already started");
    }
    this.inbound = inbound;
    inboxListener = inbox(node).addMessageListener(this::received);
    handlersListener = handlers.addEntryListener(new HandlerEvents(), true);
    membershipListener = grid.getCluster().addMembershipListener(this);
    for (Map.Entry<String, String> e : handlers.entrySet()) {
      learn(e.getKey(), e.getValue());
    }
  }

  @Override
  public synchronized void close() {
    if (inbound != null) {
      inbox(node).removeMessageListener(inboxListener);
      handlers.removeEntryListener(handlersListener);
      grid.getCluster().removeMembershipListener(membershipListener);
    }
  }

  @Override
  public String nodeOf(String sessionId) {
    Optional<SessionSummary> session = directory.session(sessionId);
    return session.map(SessionSummary::node).filter(n -> !n.equals(node)).orElse(null);
  }

  @Override
  public List<RemoteSession> othersMatching(SessionFilter filter) {
    List<RemoteSession> others = new ArrayList<>();
    for (SessionSummary session : directory.sessions(filter)) {
      if (!session.node().equals(node)) {
        others.add(new RemoteSession(SessionId.parse(session.id()), session.node()));
      }
    }
    return others;
  }

  @Override
  public RemoteHandler handler(String branch) {
    Map<String, List<String>> nodes = remoteHandlers.get(branch);
    if (nodes == null || nodes.isEmpty()) {
      return null;
    }
    List<Map.Entry<String, List<String>>> candidates = List.copyOf(nodes.entrySet());
    if (candidates.isEmpty()) {
      return null;
    }
    Map.Entry<String, List<String>> picked =
        candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
    return new RemoteHandler(picked.getKey(), picked.getValue());
  }

  @Override
  public void handlerAdded(RequestHandlers.Handler handler) {
    handlers.set(key(node, handler.branch()), value(handler));
  }

  @Override
  public void handlerRemoved(RequestHandlers.Handler handler) {
    try {
      handlers.remove(key(node, handler.branch()), value(handler));
    } catch (RuntimeException e) {
      // the grid is shutting down with the server: the entry leaves with this member
      LOG.log(System.Logger.Level.DEBUG, "handler {0} not removed from the grid", handler.branch());
    }
  }

  @Override
  public void send(String target, RemoteRequest request) {
    if (!member(target)) {
      throw new RequestException(
          ErrorCode.RECIPIENT_GONE, "node " + target + " is not a member of the cluster");
    }
    inbox(target).publish(RelayCodec.encode(request));
  }

  @Override
  public void answer(String target, RemoteAnswer answer) {
    if (!member(target)) {
      return; // its requester's node is gone: no one awaits the answer
    }
    try {
      inbox(target).publish(RelayCodec.encode(answer));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "an answer to node {0} was not sent: {1}", target, e);
    }
  }

  @Override
  public void send(String target, RemoteFanOut fanOut) {
    if (!member(target)) {
      throw new RequestException(
          ErrorCode.RECIPIENT_GONE, "node " + target + " is not a member of the cluster");
    }
    inbox(target).publish(RelayCodec.encode(fanOut));
  }

  @Override
  public void send(String target, RemoteControl control) {
    if (!member(target)) {
      throw new RequestException(
          ErrorCode.RECIPIENT_GONE, "node " + target + " is not a member of the cluster");
    }
    inbox(target).publish(RelayCodec.encode(control));
  }

  @Override
  public void answerControl(String target, RemoteAnswer answer) {
    if (!member(target)) {
      return;
    }
    try {
      inbox(target).publish(RelayCodec.encodeControlAnswer(answer));
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.DEBUG, "a control result to node {0} was not sent: {1}", target, e);
    }
  }

  @Override
  public void memberAdded(MembershipEvent event) {}

  @Override
  public void memberRemoved(MembershipEvent event) {
    String gone = event.getMember().getUuid().toString();
    inboxes.remove(gone);
    for (Map<String, List<String>> nodes : remoteHandlers.values()) {
      nodes.remove(gone);
    }
    Inbound to = inbound;
    if (to != null) {
      to.nodeGone(gone);
    }
    try {
      handlers.removeAll(Predicates.like("__key", gone + " %"));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "handlers of node " + gone + " not removed", e);
    }
  }

  private void received(Message<byte[]> message) {
    try {
      byte[] bytes = message.getMessageObject();
      switch (RelayCodec.kind(bytes)) {
        case RelayCodec.REQUEST -> inbound.request(RelayCodec.request(bytes));
        case RelayCodec.FAN_OUT -> inbound.requests(RelayCodec.fanOut(bytes));
        case RelayCodec.CONTROL -> inbound.control(RelayCodec.control(bytes));
        case RelayCodec.CONTROL_ANSWER -> inbound.controlAnswer(RelayCodec.answer(bytes));
        default -> inbound.answer(RelayCodec.answer(bytes));
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "a message from another node failed", e);
    }
  }

  private boolean member(String id) {
    for (Member member : grid.getCluster().getMembers()) {
      if (member.getUuid().toString().equals(id)) {
        return true;
      }
    }
    return false;
  }

  private ITopic<byte[]> inbox(String id) {
    return inboxes.computeIfAbsent(id, n -> grid.getTopic(INBOX + n));
  }

  static String key(String node, String branch) {
    return node + " " + branch;
  }

  /** The handler's entry: a JSON array of its session id and the sender properties it wants. */
  static String value(RequestHandlers.Handler handler) {
    JsonArrayBuilder array = Json.createArrayBuilder().add(handler.session().id().toString());
    handler.propertyKeys().forEach(array::add);
    return array.build().toString();
  }

  private void learn(String key, String value) {
    int space = key.indexOf(' ');
    String owner = key.substring(0, space);
    if (owner.equals(node)) {
      return;
    }
    List<String> keys;
    try (JsonReader reader = Json.createReader(new StringReader(value))) {
      JsonArray array = reader.readArray();
      keys =
          array.subList(1, array.size()).stream().map(v -> ((JsonString) v).getString()).toList();
    }
    remoteHandlers
        .computeIfAbsent(key.substring(space + 1), b -> new ConcurrentHashMap<>())
        .put(owner, keys);
  }

  private void forget(String key) {
    int space = key.indexOf(' ');
    remoteHandlers.computeIfPresent(
        key.substring(space + 1),
        (branch, nodes) -> {
          nodes.remove(key.substring(0, space));
          return nodes.isEmpty() ? null : nodes;
        });
  }

  /**
   * The handler map's events, on Hazelcast's event threads: one key's in order; after a split-brain
   * merge, the entries the other side brought arrive as merge events.
   */
  private final class HandlerEvents
      implements EntryAddedListener<String, String>,
          EntryUpdatedListener<String, String>,
          EntryRemovedListener<String, String>,
          EntryMergedListener<String, String> {
    @Override
    public void entryMerged(EntryEvent<String, String> event) {
      if (event.getValue() != null) {
        learn(event.getKey(), event.getValue());
      }
    }

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      learn(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      learn(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      forget(event.getKey());
    }
  }
}
