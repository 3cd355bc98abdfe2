package dev.osmosis.admin;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every JAX-RS endpoint of the admin API, found by reflection over the resources {@link
 * AdminApplication} lists ({@code @Path} on the class and method, an HTTP method annotation): what
 * the OpenAPI tests check against, so a new endpoint without documentation fails them.
 */
public final class AdminEndpoints {
  /** The permission names a description may give: every global and path permission. */
  public static final Set<String> PERMISSIONS = permissions();

  private static final Pattern NAME = Pattern.compile("\\b[A-Z][A-Z_]+[A-Z]\\b");

  /** {@code verb}: GET, PUT, ...; {@code path}: the OpenAPI path, e.g. /api/v1/topics/{path}. */
  public record Endpoint(String verb, String path, Method method) {}

  private AdminEndpoints() {}

  public static List<Endpoint> all() {
    String base = AdminApplication.class.getAnnotation(jakarta.ws.rs.ApplicationPath.class).value();
    List<Endpoint> endpoints = new ArrayList<>();
    for (Class<?> type : new AdminApplication().getClasses()) {
      Path classPath = type.getAnnotation(Path.class);
      if (classPath == null) {
        continue; // a provider, not a resource
      }
      for (Method method : type.getMethods()) {
        String verb = verb(method);
        if (verb == null) {
          continue;
        }
        Path methodPath = method.getAnnotation(Path.class);
        String path =
            base + "/" + classPath.value() + (methodPath == null ? "" : "/" + methodPath.value());
        endpoints.add(
            new Endpoint(verb, AdminOpenApiFilter.template(path.replaceAll("/+", "/")), method));
      }
    }
    endpoints.sort(Comparator.comparing(Endpoint::path).thenComparing(Endpoint::verb));
    return endpoints;
  }

  /**
   * The permissions a description names in its first sentence, after {@value ApiDocs#PERMISSION}:
   * empty when it does not start so or names none.
   */
  public static List<String> permissionsIn(String description) {
    List<String> found = new ArrayList<>();
    if (description == null || !description.startsWith(ApiDocs.PERMISSION)) {
      return found;
    }
    String rest = description.substring(ApiDocs.PERMISSION.length());
    int end = rest.indexOf(". ");
    Matcher m = NAME.matcher(end < 0 ? rest : rest.substring(0, end));
    while (m.find()) {
      if (PERMISSIONS.contains(m.group())) {
        found.add(m.group());
      }
    }
    return found;
  }

  private static String verb(Method method) {
    for (Annotation a : method.getAnnotations()) {
      HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return http.value();
      }
    }
    return null;
  }

  private static Set<String> permissions() {
    Set<String> names = new java.util.TreeSet<>();
    for (Enum<?> p : dev.osmosis.security.GlobalPermission.values()) {
      names.add(p.name());
    }
    for (Enum<?> p : dev.osmosis.security.PathPermission.values()) {
      names.add(p.name());
    }
    return Set.copyOf(names);
  }
}
