package dev.osmosis.it;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure the server an integration test was handed really runs Osmosis before the test talks to
 * it.
 *
 * <p>Why: the Arquillian adapter for Payara Micro reads the instance's start-up banner and accepts
 * an instance whose application failed to deploy (its banner then lists no application, and the
 * adapter gives the tests the bare server's URL). Every request then gets Payara's own 404 page,
 * and a whole class fails with errors that do not say why. Here the first test of a class waits
 * until the admin API answers (401 without credentials, as it should) and otherwise fails at once
 * with one message that names the cause to look for in the class's Payara output.
 */
final class ItServer {
  private static final Set<String> DEPLOYED = ConcurrentHashMap.newKeySet();
  private static final Map<String, String> MISSING = new ConcurrentHashMap<>();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private ItServer() {}

  /** Returns once Osmosis answers at {@code base}; fails after a minute with what it got. */
  static void awaitDeployed(URL base) throws Exception {
    String key = base.toString();
    if (DEPLOYED.contains(key)) {
      return;
    }
    if (MISSING.containsKey(key)) {
      throw new AssertionError(
          MISSING.get(key)); // waited once already: the next tests fail at once
    }
    URI probe = base.toURI().resolve("api/v1/server");
    long end = System.nanoTime() + WAIT.toNanos();
    String last = "nothing";
    while (true) {
      try {
        HttpResponse<String> answer =
            HTTP.send(
                HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 401 || answer.statusCode() == 200) {
          DEPLOYED.add(key);
          return;
        }
        last = "HTTP " + answer.statusCode();
      } catch (IOException e) {
        last = e.toString();
      }
      if (System.nanoTime() > end) {
        String why =
            "Osmosis is not deployed at "
                + base
                + ": GET "
                + probe
                + " answered "
                + last
                + " for "
                + WAIT.toSeconds()
                + " s. Payara Micro started, but without the application: look for 'Exception"
                + " while loading the app' in this class's Payara Micro output (its failsafe"
                + " report).";
        MISSING.put(key, why);
        throw new AssertionError(why);
      }
      Thread.sleep(250);
    }
  }
}
