package dev.osmosis.transport;

import dev.osmosis.security.LoginThrottleSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that verify passwords ({@code changePrincipal}, admin API Basic logins): PBKDF2 costs
 * about a tenth of a second of CPU by design, so it runs here, on {@code hashingThreads} threads
 * with at most {@code hashingQueue} logins waiting, not on the connections' or the container's
 * threads. A full queue refuses the login ({@link
 * java.util.concurrent.RejectedExecutionException}), which the caller answers as busy.
 */
@ApplicationScoped
public class LoginPool {
  @Inject LoginThrottleSettings settings;

  private ExecutorService executor;

  /** Not in the constructor: the container also constructs this class for its client proxy. */
  @PostConstruct
  void start() {
    AtomicInteger n = new AtomicInteger();
    executor =
        new ThreadPoolExecutor(
            settings.hashingThreads(),
            settings.hashingThreads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(settings.hashingQueue()),
            r -> {
              Thread t = new Thread(r, "osmosis-login-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  public ExecutorService executor() {
    return executor;
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }
}
