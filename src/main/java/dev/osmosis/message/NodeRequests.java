package dev.osmosis.message;

import dev.osmosis.control.PropertyKeys;
import dev.osmosis.error.RequestException;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Messaging}'s requests across nodes, on a {@link NodeRelay}: sending a request to a session
 * or handler of another node, serving the requests other nodes send to this node's sessions and
 * handlers, and ending this node's requests when their answers come back or their node leaves.
 *
 * <p>Both ends keep a {@link PendingRequests} entry, so every request still ends exactly once on
 * each side with the usual codes and the usual timeout: on the sending node the entry's recipient
 * is a stand-in id for the target node (its answers and its departure end it), on the answering
 * node the entry's requester is the remote session's id and its reply sends the end back.
 */
final class NodeRequests implements NodeRelay.Inbound {
  private final Messaging messaging;
  private final NodeRelay relay;

  /** A stand-in recipient id per node, for the requests this node awaits from it. */
  private final ConcurrentHashMap<String, SessionId> nodeKeys = new ConcurrentHashMap<>();

  /** Client control across nodes, once {@link Messaging#connect} ran. */
  private volatile NodeControl control;

  NodeRequests(Messaging messaging, NodeRelay relay) {
    this.messaging = messaging;
    this.relay = relay;
  }

  /**
   * A request to the handler of the most specific branch of {@code path} that has one on any node:
   * this node's if it has one for that branch (no hop), else one of the other nodes'.
   */
  void sendToPath(Session requester, String path, Payload request, Reply reply) {
    String branch = path;
    while (true) {
      RequestHandlers.Handler local = messaging.handlers().exact(branch);
      if (local != null) {
        messaging.sendToHandler(requester, local, path, request, reply);
        return;
      }
      NodeRelay.RemoteHandler remote = relay.handler(branch);
      if (remote != null) {
        messaging.requireRoom(requester, 1);
        Map<String, String> properties =
            remote.keys().isEmpty()
                ? Map.of()
                : PropertyKeys.select(remote.keys(), requester.properties());
        send(requester, remote.node(), null, path, branch, properties, request, reply);
        return;
      }
      int slash = branch.lastIndexOf('/');
      if (slash < 0) {
        throw Messaging.noHandler(path);
      }
      branch = branch.substring(0, slash);
    }
  }

  /**
   * Sends a request to a session ({@code session} not null) or a handler ({@code branch}) of
   * another node; room was checked by the caller. A node that is gone ends it at once.
   */
  void send(
      Session requester,
      String node,
      String session,
      String path,
      String branch,
      Map<String, String> properties,
      Payload request,
      Reply reply) {
    messaging.attach(requester);
    PendingRequests pending = messaging.pending();
    SessionId key = key(node);
    long rid = pending.add(requester.id(), key, messaging.deadline(), reply);
    if (!requester.isOpen()) {
      pending.requesterGone(requester.id());
      return;
    }
    try {
      relay.send(
          node,
          new NodeRelay.RemoteRequest(
              relay.nodeId(), rid, session, path, branch, requester.id(), properties, request));
    } catch (RequestException e) {
      pending.fail(key, rid, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      pending.fail(key, rid, ErrorCode.RECIPIENT_GONE, "node " + node + " cannot be reached: " + e);
    }
  }

  /**
   * A filter request's sessions on other nodes: one pending entry per session (the requester's
   * limit and the count are as for sessions of this node), one message per node; room was checked
   * by the caller. A node that is gone ends its sessions' requests at once.
   */
  void sendToSessions(
      Session requester,
      List<NodeRelay.RemoteSession> targets,
      String path,
      Payload request,
      FilterReply reply) {
    if (targets.isEmpty()) {
      return;
    }
    messaging.attach(requester);
    PendingRequests pending = messaging.pending();
    Map<String, List<NodeRelay.Addressed>> byNode = new LinkedHashMap<>();
    for (NodeRelay.RemoteSession target : targets) {
      long rid =
          pending.add(
              requester.id(),
              key(target.node()),
              messaging.deadline(),
              Messaging.of(reply, target.id()));
      byNode
          .computeIfAbsent(target.node(), n -> new ArrayList<>())
          .add(new NodeRelay.Addressed(target.id().toString(), rid));
    }
    if (!requester.isOpen()) {
      pending.requesterGone(requester.id());
      return;
    }
    for (Map.Entry<String, List<NodeRelay.Addressed>> e : byNode.entrySet()) {
      String node = e.getKey();
      try {
        relay.send(
            node,
            new NodeRelay.RemoteFanOut(
                relay.nodeId(), path, requester.id(), request, e.getValue()));
      } catch (RequestException failed) {
        failAll(node, e.getValue(), failed.code(), failed.getMessage());
      } catch (RuntimeException failed) {
        failAll(
            node,
            e.getValue(),
            ErrorCode.RECIPIENT_GONE,
            "node " + node + " cannot be reached: " + failed);
      }
    }
  }

  private void failAll(
      String node, List<NodeRelay.Addressed> targets, ErrorCode code, String message) {
    SessionId key = key(node);
    for (NodeRelay.Addressed target : targets) {
      messaging.pending().fail(key, target.rid(), code, message);
    }
  }

  @Override
  public void requests(NodeRelay.RemoteFanOut fanOut) {
    for (NodeRelay.Addressed target : fanOut.targets()) {
      request(
          new NodeRelay.RemoteRequest(
              fanOut.origin(),
              target.rid(),
              target.session(),
              fanOut.path(),
              null,
              fanOut.sender(),
              Map.of(),
              fanOut.payload()));
    }
  }

  @Override
  public void request(NodeRelay.RemoteRequest request) {
    Reply back = back(request);
    if (MissingTopicRoutes.isFor(request)) {
      MissingTopicRoutes routes = messaging.missingTopics();
      if (routes == null) {
        back.error(ErrorCode.NOT_FOUND, "no missing topic handler of " + request.branch());
      } else {
        routes.serve(request, back);
      }
      return;
    }
    Session target;
    if (request.session() != null) {
      target = openSession(request.session());
      if (target == null) {
        back.error(ErrorCode.NOT_FOUND, "no session " + request.session());
        return;
      }
    } else {
      RequestHandlers.Handler handler = messaging.handlers().exact(request.branch());
      if (handler == null) {
        back.error(ErrorCode.NOT_FOUND, Messaging.noHandler(request.path()).getMessage());
        return;
      }
      target = handler.session();
    }
    messaging.attach(target);
    PendingRequests pending = messaging.pending();
    long rid = pending.add(request.sender(), target.id(), messaging.deadline(), back);
    if (!target.isOpen()) {
      pending.fail(
          target.id(), rid, ErrorCode.RECIPIENT_GONE, "session " + target.id() + " closed");
      return;
    }
    // enqueued, never written on the grid's event thread
    messaging
        .sender()
        .send(
            target,
            new Request(
                rid,
                request.path(),
                request.branch(),
                request.sender(),
                request.properties(),
                request.payload()));
  }

  @Override
  public void answer(NodeRelay.RemoteAnswer answer) {
    SessionId key = nodeKeys.get(answer.from());
    if (key == null) {
      return;
    }
    if (answer.response() != null) {
      messaging.pending().respond(key, answer.rid(), answer.response());
    } else {
      messaging.pending().fail(key, answer.rid(), answer.code(), answer.message());
    }
  }

  void connect(NodeControl control) {
    this.control = control;
  }

  @Override
  public void control(NodeRelay.RemoteControl operation) {
    NodeControl to = control;
    if (to != null) {
      to.serve(operation);
    } else {
      relay.answerControl(
          operation.origin(),
          new NodeRelay.RemoteAnswer(
              relay.nodeId(),
              operation.rid(),
              null,
              ErrorCode.RECIPIENT_GONE,
              "node " + relay.nodeId() + " does not serve client control yet"));
    }
  }

  @Override
  public void controlAnswer(NodeRelay.RemoteAnswer answer) {
    NodeControl to = control;
    if (to != null) {
      to.answered(answer);
    }
  }

  @Override
  public void nodeGone(String node) {
    NodeControl to = control;
    if (to != null) {
      to.nodeGone(node);
    }
    SessionId key = nodeKeys.remove(node);
    if (key != null) {
      messaging
          .pending()
          .recipientGone(key, "node " + node + " left the cluster before the request was answered");
    }
  }

  private SessionId key(String node) {
    return nodeKeys.computeIfAbsent(node, n -> SessionId.random());
  }

  private Session openSession(String id) {
    try {
      return messaging.local(id);
    } catch (RequestException notAnId) {
      return null;
    }
  }

  /** Where the end of a request from another node goes: back to that node. */
  private Reply back(NodeRelay.RemoteRequest request) {
    String origin = request.origin();
    long rid = request.rid();
    String self = relay.nodeId();
    return new Reply() {
      @Override
      public void response(Payload response) {
        relay.answer(origin, new NodeRelay.RemoteAnswer(self, rid, response, null, null));
      }

      @Override
      public void error(ErrorCode code, String message) {
        relay.answer(origin, new NodeRelay.RemoteAnswer(self, rid, null, code, message));
      }
    };
  }
}
