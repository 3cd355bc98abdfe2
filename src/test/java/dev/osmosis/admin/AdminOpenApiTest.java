package dev.osmosis.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.junit.jupiter.api.Test;

/**
 * The admin API's OpenAPI annotations, read without a server: every endpoint has an operation
 * naming the permission it requires and its answers. AdminOpenApiIT-like checks of the served
 * document are in SessionsIT.
 */
class AdminOpenApiTest {

  @Test
  void endpoints_whenFound_thenEveryResourceAndVerbIsThere() {
    List<String> found =
        AdminEndpoints.all().stream().map(e -> e.verb() + " " + e.path()).distinct().toList();
    assertTrue(found.contains("GET /api/v1/server"), found.toString());
    assertTrue(found.contains("GET /api/v1/topics/{path}"), found.toString());
    assertTrue(found.contains("DELETE /api/v1/security/roles/{name}"), found.toString());
    assertTrue(found.contains("POST /api/v1/sessions/close"), found.toString());
    assertTrue(found.size() >= 22, found.toString());
  }

  @Test
  void everyEndpoint_whenAnnotated_thenItsOperationNamesAPermissionAndItsAnswers() {
    List<String> missing =
        AdminEndpoints.all().stream()
            .filter(
                e -> {
                  Operation op = e.method().getAnnotation(Operation.class);
                  return op == null
                      || op.summary().isBlank()
                      || AdminEndpoints.permissionsIn(op.description()).isEmpty()
                      || e.method().getAnnotationsByType(APIResponse.class).length == 0;
                })
            .map(e -> e.verb() + " " + e.path() + " (" + e.method().getName() + ")")
            .collect(Collectors.toList());
    assertEquals(List.of(), missing);
  }

  @Test
  void everyResource_whenAnnotated_thenTagged() {
    AdminEndpoints.all()
        .forEach(
            e ->
                assertTrue(
                    e.method().getDeclaringClass().isAnnotationPresent(Tag.class),
                    e.method().getDeclaringClass().getName()));
  }

  @Test
  void permissionsIn_whenDescriptions_thenOnlyTheFirstSentencesRealPermissions() {
    assertEquals(
        List.of("VIEW_SESSION", "MODIFY_SESSION"),
        AdminEndpoints.permissionsIn(
            "Permission: VIEW_SESSION and MODIFY_SESSION. Not READ_TOPIC."));
    assertEquals(List.of(), AdminEndpoints.permissionsIn("VIEW_SESSION is needed."));
    assertEquals(List.of(), AdminEndpoints.permissionsIn("Permission: NOT_A_PERMISSION."));
  }

  @Test
  void template_whenJaxRsPatterns_thenOpenApiTemplates() {
    assertEquals("/api/v1/topics/{path}", AdminOpenApiFilter.template("/api/v1/topics/{path: .+}"));
    assertEquals(
        "/api/v1/rooms/{name}", AdminOpenApiFilter.template("/api/v1/rooms/{ name : [a-z]+}"));
    assertEquals("/api/v1/sessions/{id}", AdminOpenApiFilter.template("/api/v1/sessions/{id}"));
    assertFalse(AdminOpenApiFilter.template("/a/{x:\\d+}/b/{y: .+}").contains(":"));
  }
}
