package dev.osmosis.admin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The admin API lives under {@code /api/v1}. Its classes are listed: with two JAX-RS applications
 * in the WAR (the other is the polling transport's, {@code /osmosis/poll}), an application that
 * lists nothing would get every resource and provider of the archive, the other's included. Here,
 * not in {@code platform}, so that the wiring below the admin API does not name it back.
 *
 * <p>Its OpenAPI document ({@code /openapi}, MicroProfile OpenAPI): the Basic security scheme every
 * operation requires, and the error answers the resources refer to by name ({@link ApiDocs}), all
 * with the one JSON error body {@link AdminException.ErrorView}. Every operation's description
 * starts with {@value ApiDocs#PERMISSION} and the permission it requires.
 */
@ApplicationPath("/api/v1")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Osmosis admin API",
            version = "1",
            description =
                "Administration of an Osmosis server: sessions, topics, rooms, the server, the"
                    + " security stores. HTTP Basic against the server's security store; each"
                    + " operation names the permission it requires. A state-changing request needs"
                    + " Content-Type: application/json or an X-Requested-With header (else 403)."),
    security = @SecurityRequirement(name = ApiDocs.BASIC),
    components =
        @Components(
            responses = {
              @APIResponse(
                  name = ApiDocs.BAD_REQUEST,
                  responseCode = "400",
                  description =
                      "Bad input: a parameter or body that does not parse or is out of range"
                          + " (a filter error adds 'position' and 'filter', a script error"
                          + " 'line' and 'column')",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.UNAUTHORIZED,
                  responseCode = "401",
                  description =
                      "No or malformed Basic credentials, or a wrong password (WWW-Authenticate:"
                          + " Basic)",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.FORBIDDEN,
                  responseCode = "403",
                  description =
                      "The principal lacks the permission the operation requires (the message"
                          + " names it), or a state-changing request without the CSRF marker",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.NOT_FOUND,
                  responseCode = "404",
                  description = "No such session, topic, room, principal or role",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.TOO_MANY_REQUESTS,
                  responseCode = "429",
                  description =
                      "Too many failed logins from this address or for this principal (Retry-After),"
                          + " or a server limit reached",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.UNAVAILABLE,
                  responseCode = "503",
                  description =
                      "The server is busy verifying logins (Retry-After), or the data grid or the"
                          + " database did not answer: nothing was changed",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(ref = ApiDocs.ERROR))),
              @APIResponse(
                  name = ApiDocs.INTERNAL_ERROR,
                  responseCode = "500",
                  description =
                      "A bug: the message carries an incident id logged with the stack trace",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(ref = ApiDocs.ERROR)))
            }))
@SecurityScheme(
    securitySchemeName = ApiDocs.BASIC,
    type = SecuritySchemeType.HTTP,
    scheme = "basic",
    description =
        "HTTP Basic with a principal of the server's security store, checked by the same"
            + " authenticators as client sessions (anonymous callers are refused)")
public class AdminApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        SessionsResource.class,
        TopicsResource.class,
        RoomsResource.class,
        ServerResource.class,
        SecurityResource.class,
        MetricsResource.class,
        BasicAuthFilter.class,
        RequestExceptionMapper.class,
        CsrfFilter.class,
        FallbackExceptionMapper.class);
  }
}
