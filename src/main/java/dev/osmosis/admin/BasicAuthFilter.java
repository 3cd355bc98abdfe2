package dev.osmosis.admin;

import dev.osmosis.security.AuthenticationOutcome;
import dev.osmosis.security.AuthenticationRequest;
import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.security.SecurityStore;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * HTTP Basic authentication for the admin API, against the same authenticators as sessions (anonymous callers
 * are refused). A PBKDF2 check costs ~0.1 s by design, so a successful login is remembered for
 * {@value #REMEMBER_MILLIS} ms as a SHA-256 of the credentials (never the password itself); a console polling
 * every second does not pay the hash each time, and a changed password takes effect within that time.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BasicAuthFilter implements ContainerRequestFilter {
  private static final long REMEMBER_MILLIS = 30_000;
  private static final int MAX_REMEMBERED = 1_000;
  private static final ConcurrentHashMap<String, Remembered> REMEMBERED = new ConcurrentHashMap<>();

  @Inject AuthenticatorChain authenticators;
  @Inject Supplier<SecurityStore> store;

  private record Remembered(byte[] digest, Set<String> roles, long until) {}

  @Override
  public void filter(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw unauthorized("authentication required: use HTTP Basic with a principal of the security store");
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
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
    request.setSecurityContext(new SecurityContext() {
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
    byte[] digest = digest(principal, password);
    long now = System.currentTimeMillis();
    Remembered known = REMEMBERED.get(principal);
    if (known != null && known.until > now && MessageDigest.isEqual(known.digest, digest)) {
      return known.roles;
    }
    AuthenticationOutcome outcome = authenticators.authenticate(AuthenticationRequest.of(principal, password));
    if (!(outcome instanceof AuthenticationOutcome.Granted granted)) {
      REMEMBERED.remove(principal);
      throw unauthorized("authentication failed for principal '" + principal + "'");
    }
    if (REMEMBERED.size() >= MAX_REMEMBERED) {
      REMEMBERED.clear();
    }
    REMEMBERED.put(principal, new Remembered(digest, granted.roles(), now + REMEMBER_MILLIS));
    return granted.roles();
  }

  private static byte[] digest(String principal, String password) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest((principal + '\u0000' + password).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AdminException unauthorized(String message) {
    AdminException e = new AdminException(Response.Status.UNAUTHORIZED, message);
    e.getResponse().getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"osmosis\", charset=\"UTF-8\"");
    e.getResponse().getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
    return e;
  }
}
