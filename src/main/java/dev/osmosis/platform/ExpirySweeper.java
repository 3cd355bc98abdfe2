package dev.osmosis.platform;

import dev.osmosis.sweep.Sweep;
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
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * The one periodic sweep (docs/ARCHITECTURE.md: EJB timers drive expiry): a non-persistent interval
 * timer every {@value #SWEEP_MILLIS} ms runs every {@link Sweep} bean once with the time from the
 * injected {@link Clock} — today topics' REMOVAL policies, request timeouts, WebSocket liveness,
 * HTTP polls (held polls expire, silent polling connections are dropped) and reconnect timeouts. So
 * a policy or a timeout fires at most that late. A feature joins by being a bean whose type is
 * {@link Sweep}; this class names none of them.
 *
 * <p>Bean-managed concurrency: the container takes no lock (an EJB singleton's default is a WRITE
 * lock on every call); the timer never overlaps itself and the core sweeps are thread-safe. No
 * transaction either. Each sweep's failure is logged and the timer goes on.
 */
@jakarta.ejb.Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ExpirySweeper {
  private static final System.Logger LOG = System.getLogger(ExpirySweeper.class.getName());
  static final long SWEEP_MILLIS = 1000;

  @Resource TimerService timers;
  @Inject Instance<Sweep> sweeps;
  @Inject Clock clock;

  @PostConstruct
  void start() {
    timers.createIntervalTimer(SWEEP_MILLIS, SWEEP_MILLIS, new TimerConfig(null, false));
  }

  @Timeout
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void sweep() {
    runAll(sweeps, clock.millis());
  }

  /**
   * Runs each sweep once at {@code now}; one that throws is logged and the others still run.
   *
   * @return how many failed
   */
  static int runAll(Iterable<? extends Sweep> sweeps, long now) {
    int failed = 0;
    for (Sweep sweep : sweeps) {
      try {
        sweep.sweep(now);
      } catch (RuntimeException e) {
        failed++;
        LOG.log(System.Logger.Level.ERROR, sweep.sweepName() + " failed; the timer goes on", e);
      }
    }
    return failed;
  }
}
