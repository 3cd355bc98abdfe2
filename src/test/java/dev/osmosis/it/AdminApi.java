package dev.osmosis.it;

import jakarta.json.Json;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A tiny HTTP client for the admin API in tests. */
final class AdminApi {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** The header a state-changing request without a JSON body needs (docs/SECURITY.md, CSRF). */
  static final String CSRF = "X-Requested-With";

  private final URI base;

  AdminApi(URL base) throws Exception {
    ItServer.awaitDeployed(base);
    this.base = base.toURI().resolve("api/v1/");
  }

  HttpResponse<String> get(String path, String user, String password) throws Exception {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), user, password);
  }

  HttpResponse<String> delete(String path, String user, String password) throws Exception {
    return send(
        HttpRequest.newBuilder(base.resolve(path)).header(CSRF, "test").DELETE(), user, password);
  }

  HttpResponse<String> post(String path, String user, String password) throws Exception {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header(CSRF, "test")
            .POST(HttpRequest.BodyPublishers.noBody()),
        user,
        password);
  }

  /** A POST with a body of the given type (a text/plain one marked with {@link #CSRF}). */
  HttpResponse<String> post(
      String path, String contentType, String body, String user, String password) throws Exception {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", contentType)
            .header(CSRF, "test")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        user,
        password);
  }

  HttpResponse<String> put(String path, String json, String user, String password)
      throws Exception {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)),
        user,
        password);
  }

  /** A request built by the test, exactly as built (no CSRF header added). */
  HttpResponse<String> raw(
      String path,
      java.util.function.UnaryOperator<HttpRequest.Builder> build,
      String user,
      String password)
      throws Exception {
    return send(build.apply(HttpRequest.newBuilder(base.resolve(path))), user, password);
  }

  /** A query string value, URL-encoded. */
  static String q(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static JsonStructure json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).read();
  }

  private static HttpResponse<String> send(
      HttpRequest.Builder request, String user, String password) throws Exception {
    if (user != null) {
      String basic =
          Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      request.header("Authorization", "Basic " + basic);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
