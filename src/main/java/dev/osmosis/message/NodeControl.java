package dev.osmosis.message;

import dev.osmosis.control.ClientControl;
import dev.osmosis.control.OtherNodes;
import dev.osmosis.error.RequestException;
import dev.osmosis.filter.SessionFilter;
import dev.osmosis.wire.ErrorCode;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client control across nodes on the {@link NodeRelay} (docs/CLUSTER.md "Sessions"): sends an
 * operation to the node that has the sessions and waits for its result, at most the request
 * timeout; serves the operations other nodes send to this node's {@link ClientControl}. A node that
 * leaves before it answers ends the call at once with RECIPIENT_GONE. The operations other nodes
 * send are carried out one at a time, in the order they arrived, on a thread of their own (never on
 * the relay's event thread, which then carries this node's other relay traffic meanwhile); the
 * thread ends after a few idle seconds. Thread-safe.
 */
final class NodeControl implements OtherNodes {
  private static final String JSON = "JSON";

  private final NodeRelay relay;
  private final ClientControl control;
  private final long timeoutMillis;
  private final AtomicLong rids = new AtomicLong();
  private final ConcurrentHashMap<Long, Call> calls = new ConcurrentHashMap<>();

  /** Where other nodes' operations run: one thread at most, created when needed, FIFO. */
  private final Executor work;

  private record Call(String node, CompletableFuture<String> result) {}

  NodeControl(NodeRelay relay, ClientControl control, long timeoutMillis) {
    this.relay = relay;
    this.control = control;
    this.timeoutMillis = timeoutMillis;
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            1,
            1,
            5,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "osmosis-node-control");
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    this.work = pool;
  }

  @Override
  public String nodeOf(String sessionId) {
    return relay.nodeOf(sessionId);
  }

  @Override
  public Set<String> nodesMatching(SessionFilter filter) {
    Set<String> nodes = new TreeSet<>();
    relay.othersMatching(filter).forEach(s -> nodes.add(s.node()));
    return nodes;
  }

  @Override
  public String apply(String node, String operation) {
    long rid = rids.incrementAndGet();
    Call call = new Call(node, new CompletableFuture<>());
    calls.put(rid, call);
    try {
      relay.send(node, new NodeRelay.RemoteControl(relay.nodeId(), rid, operation));
      return call.result().get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RequestException r) {
        throw new RequestException(r.code(), r.getMessage());
      }
      throw new RequestException(ErrorCode.INTERNAL_ERROR, "node " + node + ": " + e.getCause());
    } catch (TimeoutException e) {
      throw new RequestException(
          ErrorCode.REQUEST_TIMEOUT,
          "node " + node + " did not answer within " + timeoutMillis + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RequestException(ErrorCode.INTERNAL_ERROR, "interrupted waiting for node " + node);
    } catch (RequestException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new RequestException(
          ErrorCode.RECIPIENT_GONE, "node " + node + " cannot be reached: " + e);
    } finally {
      calls.remove(rid);
    }
  }

  /** An operation from another node: carried out on this node's control thread, then answered. */
  void serve(NodeRelay.RemoteControl operation) {
    try {
      work.execute(() -> carryOut(operation));
    } catch (RejectedExecutionException e) {
      relay.answerControl(
          operation.origin(),
          new NodeRelay.RemoteAnswer(
              relay.nodeId(), operation.rid(), null, ErrorCode.INTERNAL_ERROR, e.toString()));
    }
  }

  private void carryOut(NodeRelay.RemoteControl operation) {
    NodeRelay.RemoteAnswer answer;
    try {
      String result = control.serve(operation.operation());
      answer =
          new NodeRelay.RemoteAnswer(
              relay.nodeId(), operation.rid(), new Payload(JSON, result), null, null);
    } catch (RequestException e) {
      answer =
          new NodeRelay.RemoteAnswer(
              relay.nodeId(), operation.rid(), null, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      answer =
          new NodeRelay.RemoteAnswer(
              relay.nodeId(), operation.rid(), null, ErrorCode.INTERNAL_ERROR, e.toString());
    }
    relay.answerControl(operation.origin(), answer);
  }

  void answered(NodeRelay.RemoteAnswer answer) {
    Call call = calls.get(answer.rid());
    if (call == null || !call.node().equals(answer.from())) {
      return;
    }
    if (answer.response() != null) {
      call.result().complete(answer.response().json());
    } else {
      call.result().completeExceptionally(new RequestException(answer.code(), answer.message()));
    }
  }

  void nodeGone(String node) {
    for (Call call : calls.values()) {
      if (call.node().equals(node)) {
        call.result()
            .completeExceptionally(
                new RequestException(
                    ErrorCode.RECIPIENT_GONE,
                    "node " + node + " left the cluster before it answered"));
      }
    }
  }
}
