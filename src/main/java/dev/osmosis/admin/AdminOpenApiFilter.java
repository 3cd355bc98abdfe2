package dev.osmosis.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Finishes the admin API's OpenAPI document (set as {@code mp.openapi.filter}), for what Payara's
 * annotation scanner leaves out: a path parameter with a JAX-RS pattern ({@code {path: .+}}) is
 * written as the OpenAPI template {@code {path}}, and every operation gets the error answers that
 * apply to all of them (authentication 401, the login throttle 429, a busy login pool or a grid
 * that did not answer 503, a bug 500) as references to {@link AdminApplication}'s components:
 * Payara ignores {@code @APIResponse} on a resource class. Path parameters are marked required
 * (OpenAPI requires it; Payara writes false), and operation ids, the Java method names, are made
 * unique by the resource's tag ({@code sessions_get}, {@code rooms_get}).
 */
public class AdminOpenApiFilter implements OASFilter {
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*(\\w+)\\s*:[^}]*\\}");

  /** Responses every admin operation may answer, by status code, as component names. */
  static final Map<String, String> COMMON =
      Map.of(
          "401", ApiDocs.UNAUTHORIZED,
          "429", ApiDocs.TOO_MANY_REQUESTS,
          "503", ApiDocs.UNAVAILABLE,
          "500", ApiDocs.INTERNAL_ERROR);

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
      return;
    }
    Map<String, PathItem> renamed = new LinkedHashMap<>();
    openApi.getPaths().getPathItems().forEach((path, item) -> renamed.put(template(path), item));
    openApi.getPaths().setPathItems(renamed);
    renamed.forEach(
        (path, item) -> {
          if (path.startsWith("/api/v1/") && item.getOperations() != null) {
            item.getOperations().values().forEach(AdminOpenApiFilter::complete);
          }
        });
  }

  /** {@code /topics/{path: .+}} to {@code /topics/{path}}. */
  static String template(String path) {
    return TEMPLATE.matcher(path).replaceAll("{$1}");
  }

  private static void complete(Operation operation) {
    if (operation.getParameters() != null) {
      operation.getParameters().stream()
          .filter(p -> p.getIn() == Parameter.In.PATH)
          .forEach(p -> p.setRequired(true));
    }
    if (operation.getOperationId() != null
        && operation.getTags() != null
        && !operation.getTags().isEmpty()) {
      String prefix = operation.getTags().get(0) + "_";
      if (!operation.getOperationId().startsWith(prefix)) {
        operation.setOperationId(prefix + operation.getOperationId());
      }
    }
    APIResponses responses = operation.getResponses();
    if (responses == null) {
      responses = OASFactory.createAPIResponses();
      operation.setResponses(responses);
    }
    for (Map.Entry<String, String> common : COMMON.entrySet()) {
      if (!responses.hasAPIResponse(common.getKey())) {
        responses.addAPIResponse(
            common.getKey(), OASFactory.createAPIResponse().ref(common.getValue()));
      }
    }
  }
}
