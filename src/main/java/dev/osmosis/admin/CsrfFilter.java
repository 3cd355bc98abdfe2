package dev.osmosis.admin;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * Cross-site request forgery guard for the admin API: a state-changing request (anything but GET,
 * HEAD, OPTIONS) needs {@code Content-Type: application/json} or an {@value #HEADER} header. A page
 * of another site can make a browser send a POST with cached Basic credentials, but only with a
 * form content type and without custom headers unless this server allows it by CORS (it does not):
 * such a request is refused with 403 before authentication. Runs before {@link BasicAuthFilter}, so
 * a forged request costs no password hash.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class CsrfFilter implements ContainerRequestFilter {
  /** The header that marks a request as made by a script or tool, not a cross-site form. */
  public static final String HEADER = "X-Requested-With";

  private static final Set<String> SAFE =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  @Override
  public void filter(ContainerRequestContext request) {
    if (allowed(request.getMethod(), request.getMediaType(), request.getHeaderString(HEADER))) {
      return;
    }
    request.abortWith(
        Response.status(Response.Status.FORBIDDEN)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(
                new AdminException.ErrorView(
                    403,
                    "CSRF_HEADER_REQUIRED",
                    "a "
                        + request.getMethod()
                        + " to the admin API needs Content-Type: application/json or an "
                        + HEADER
                        + " header"))
            .build());
  }

  static boolean allowed(String method, MediaType type, String marker) {
    if (SAFE.contains(method)) {
      return true;
    }
    if (marker != null && !marker.isBlank()) {
      return true;
    }
    return type != null
        && "application".equalsIgnoreCase(type.getType())
        && ("json".equalsIgnoreCase(type.getSubtype())
            || type.getSubtype().toLowerCase().endsWith("+json"));
  }
}
