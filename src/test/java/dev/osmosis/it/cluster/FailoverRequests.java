package dev.osmosis.it.cluster;

import dev.osmosis.client.Osmosis;
import dev.osmosis.client.ReconnectionStrategy;
import dev.osmosis.client.Responder;
import dev.osmosis.client.RetryStrategy;
import dev.osmosis.client.Session;
import dev.osmosis.client.SessionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ClusterIT's fail-over fixture for requests in flight (docs/RECONNECTION.md, fail-over): a
 * sequenced Java client session on the node that dies (its server list names node 1 next) sends
 * {@link #REQUESTS} requests to a slow handler on node 0, which holds every answer until {@link
 * #release}; so each request is in flight, sent on by the victim, when it dies.
 */
final class FailoverRequests implements AutoCloseable {
  static final int REQUESTS = 10;

  final String path = "it/cluster/failover/slow" + System.nanoTime();
  final Session handler;
  final Session requester;
  final List<CompletableFuture<String>> answers = new ArrayList<>();
  final AtomicInteger reconnects = new AtomicInteger();
  volatile String closed;

  /** Requests the handler was asked (those sent on again after the resume included). */
  final AtomicInteger asked = new AtomicInteger();

  private final List<Map.Entry<String, Responder<String>>> held = new ArrayList<>();
  private boolean released;

  FailoverRequests(ClusterNodes.Node handlerNode, ClusterNodes.Node victim, ClusterNodes.Node next)
      throws Exception {
    handler =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .principal("control")
            .password("password")
            .noReconnection()
            .open(handlerNode.ws());
    handler
        .messages()
        .addRequestHandler(
            path,
            String.class,
            String.class,
            (request, context, responder) -> {
              if (request.startsWith("probe")) {
                responder.respond("probed");
                return;
              }
              asked.incrementAndGet();
              synchronized (held) {
                if (!released) {
                  held.add(Map.entry(request, responder));
                  return;
                }
              }
              responder.respond("answer " + request);
            })
        .get(10, TimeUnit.SECONDS);
    requester =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .reconnectionStrategy(ReconnectionStrategy.fixed(Duration.ofMillis(250)))
            .principal("control")
            .password("password")
            .open(victim.ws(), next.ws());
    requester.addListener(
        (session, from, to) -> {
          if (from == Session.State.RECOVERING_RECONNECT && to == Session.State.CONNECTED_ACTIVE) {
            reconnects.incrementAndGet();
          } else if (to.isClosed()) {
            closed = String.valueOf(session.getCloseReason().orElse(null));
          }
        });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) { // until the victim knows of the handler (4004 until then)
      try {
        requester
            .messages()
            .sendRequest(path, "probe", String.class, String.class)
            .get(10, TimeUnit.SECONDS);
        break;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof SessionException s) || s.getCode() != 4004) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the victim never learnt of the handler of " + path);
        }
        Thread.sleep(100);
      }
    }
    for (int i = 0; i < REQUESTS; i++) {
      answers.add(requester.messages().sendRequest(path, "r" + i, String.class, String.class));
    }
    while (asked.get() < REQUESTS) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the handler was asked " + asked.get() + " of " + REQUESTS);
      }
      Thread.sleep(20);
    }
  }

  /** The handler answers what it holds (to the dead node) and from now on at once. */
  void release() {
    List<Map.Entry<String, Responder<String>>> answering;
    synchronized (held) {
      released = true;
      answering = new ArrayList<>(held);
      held.clear();
    }
    for (Map.Entry<String, Responder<String>> h : answering) {
      try {
        h.getValue().respond("answer " + h.getKey());
      } catch (RuntimeException e) {
        // its requester's node is gone: nothing to answer
      }
    }
  }

  @Override
  public void close() {
    requester.close();
    handler.close();
  }
}
