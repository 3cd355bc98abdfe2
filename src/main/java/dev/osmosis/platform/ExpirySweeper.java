package dev.osmosis.platform;

import dev.osmosis.message.Messaging;
import dev.osmosis.subscribe.TopicExpiry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * The one periodic sweep (docs/ARCHITECTURE.md: EJB timers drive expiry): a non-persistent interval timer every
 * {@value #SWEEP_MILLIS} ms runs each core sweep with the injected {@link java.time.Clock} they were built with —
 * topics' REMOVAL policies ({@link TopicExpiry}), request timeouts ({@link Messaging#sweep}), WebSocket
 * liveness, HTTP polls (held polls expire, silent polling connections are dropped) and reconnect timeouts. So a policy or a
 * timeout fires at most that late.
 *
 * <p>Bean-managed concurrency: the container takes no lock (an EJB singleton's default is a WRITE lock on every
 * call); the timer never overlaps itself and the core sweeps are thread-safe. No transaction either. Each sweep's
 * failure is logged and the timer goes on.
 */
@jakarta.ejb.Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ExpirySweeper {
  private static final System.Logger LOG = System.getLogger(ExpirySweeper.class.getName());
  static final long SWEEP_MILLIS = 1000;

  @Resource TimerService timers;
  @Inject TopicExpiry topics;
  @Inject Messaging messaging;
  @Inject dev.osmosis.session.Sessions sessions;
  @Inject java.time.Clock clock;
  @Inject dev.osmosis.transport.websocket.LiveConnections connections;
  @Inject dev.osmosis.transport.poll.PollConnections polls;

  @PostConstruct
  void start() {
    timers.createIntervalTimer(SWEEP_MILLIS, SWEEP_MILLIS, new TimerConfig(null, false));
  }

  @Timeout
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void sweep() {
    run("the topic REMOVAL sweep", topics::sweep);
    run("the request timeout sweep", messaging::sweep);
    run("the liveness sweep", () -> connections.sweep(clock.millis()));
    run("the polling sweep", () -> polls.sweep(clock.millis()));
    run("the reconnect timeout sweep",
        () -> dev.osmosis.protocol.ReconnectSweep.sweep(sessions.registry(), clock.millis()));
  }

  private static void run(String what, Runnable sweep) {
    try {
      sweep.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, what + " failed; the timer goes on", e);
    }
  }
}
