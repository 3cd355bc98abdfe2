package dev.osmosis.admin;

import dev.osmosis.meter.AuthFailure;
import dev.osmosis.meter.ServerMeters;
import dev.osmosis.security.AuthenticationOutcome;
import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.transport.LoginPool;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * HTTP Basic authentication for the admin API, against the same authenticators as sessions
 * (anonymous callers are refused), through {@link BasicLogins}: the login throttle applies (429
 * with {@code Retry-After}), passwords are verified on the bounded login pool (503 when it is
 * full), and successful logins are remembered for a while, until the security store changes.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BasicAuthFilter implements ContainerRequestFilter {
  private static final ConcurrentHashMap<String, BasicLogins.Remembered> REMEMBERED =
      new ConcurrentHashMap<>();

  @Inject AuthenticatorChain authenticators;
  @Inject Supplier<SecurityStore> store;
  @Inject LoginPool logins;
  @Inject ServerMeters meters;
  @Context HttpServletRequest http;

  @Override
  public void filter(ContainerRequestContext request) {
    meters.adminRequest();
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw unauthorized(
          "authentication required: use HTTP Basic with a principal of the security store");
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw unauthorized("malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw unauthorized("malformed Basic credentials");
    }
    String principal = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    Set<String> roles = authenticate(principal, password);
    AdminCaller caller = new AdminCaller(principal, roles, store);
    request.setProperty(AdminCaller.PROPERTY, caller);
    boolean secure = request.getSecurityContext().isSecure();
    request.setSecurityContext(
        new SecurityContext() {
          @Override
          public Principal getUserPrincipal() {
            return caller;
          }

          @Override
          public boolean isUserInRole(String role) {
            return roles.contains(role);
          }

          @Override
          public boolean isSecure() {
            return secure;
          }

          @Override
          public String getAuthenticationScheme() {
            return BASIC_AUTH;
          }
        });
  }

  private Set<String> authenticate(String principal, String password) {
    AuthenticationOutcome outcome;
    try {
      outcome =
          new BasicLogins(REMEMBERED, authenticators, logins.executor(), store)
              .login(
                  principal,
                  password,
                  http == null ? null : http.getRemoteAddr(),
                  System.currentTimeMillis());
    } catch (RejectedExecutionException e) {
      meters.authenticationFailed(AuthFailure.BUSY);
      AdminException busy =
          new AdminException(
              Response.Status.SERVICE_UNAVAILABLE,
              "the server is busy verifying other logins; retry later");
      busy.getResponse().getHeaders().add(HttpHeaders.RETRY_AFTER, "1");
      throw busy;
    }
    if (outcome instanceof AuthenticationOutcome.Refused refused && refused.throttled()) {
      meters.authenticationFailed(AuthFailure.THROTTLED);
      AdminException throttled =
          new AdminException(Response.Status.TOO_MANY_REQUESTS, refused.message());
      throttled
          .getResponse()
          .getHeaders()
          .add(HttpHeaders.RETRY_AFTER, (refused.retryAfterMillis() + 999) / 1000);
      throw throttled;
    }
    if (!(outcome instanceof AuthenticationOutcome.Granted granted)) {
      meters.authenticationFailed(AuthFailure.DENIED);
      throw unauthorized("authentication failed for principal '" + principal + "'");
    }
    meters.authenticated();
    return granted.roles();
  }

  private static AdminException unauthorized(String message) {
    AdminException e = new AdminException(Response.Status.UNAUTHORIZED, message);
    e.getResponse()
        .getHeaders()
        .add(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"osmosis\", charset=\"UTF-8\"");
    e.getResponse().getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
    return e;
  }
}
