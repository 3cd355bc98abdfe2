package dev.osmosis.admin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The admin API lives under {@code /api/v1}. Its classes are listed: with two JAX-RS applications
 * in the WAR (the other is the polling transport's, {@code /osmosis/poll}), an application that
 * lists nothing would get every resource and provider of the archive, the other's included. Here,
 * not in {@code platform}, so that the wiring below the admin API does not name it back.
 */
@ApplicationPath("/api/v1")
public class AdminApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        SessionsResource.class,
        TopicsResource.class,
        RoomsResource.class,
        ServerResource.class,
        SecurityResource.class,
        BasicAuthFilter.class,
        RequestExceptionMapper.class,
        CsrfFilter.class,
        FallbackExceptionMapper.class);
  }
}
