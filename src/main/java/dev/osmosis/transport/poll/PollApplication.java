package dev.osmosis.transport.poll;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The HTTP long-polling transport's own JAX-RS application at {@code /osmosis/poll}. Its classes
 * are listed so that nothing of the admin API (its Basic authentication filter above all) applies
 * here, and the admin application ({@code admin.AdminApplication}) lists its own for the same
 * reason.
 */
@ApplicationPath("/osmosis/poll")
public class PollApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(PollResource.class);
  }
}
