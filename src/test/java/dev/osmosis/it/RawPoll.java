package dev.osmosis.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP long-polling transport (docs/PROTOCOL.md §13) spoken by hand with java.net.http, for the
 * ITs.
 */
final class RawPoll {
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  final URI endpoint;
  String cid;

  RawPoll(URL base) {
    this.endpoint = URI.create(base.toString().replaceFirst("/$", "") + "/osmosis/poll");
  }

  static HttpResponse<String> request(HttpRequest.Builder builder) {
    try {
      return HTTP.send(
          builder.timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpRequest.BodyPublisher body(String text) {
    return HttpRequest.BodyPublishers.ofString(text);
  }

  /** POST /osmosis/poll with a connect: the answer as it came. */
  HttpResponse<String> openRaw(String connect) {
    return request(
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/json")
            .POST(body(connect)));
  }

  /** Opens and keeps the connection id; fails unless the answer is 200 {"cid":...}. */
  RawPoll open(String connect) {
    HttpResponse<String> answer = openRaw(connect);
    if (answer.statusCode() != 200) {
      throw new AssertionError("open: " + answer.statusCode() + " " + answer.body());
    }
    cid = ReconnectIT.json(answer.body()).getString("cid");
    return this;
  }

  URI connection() {
    return URI.create(endpoint + "/" + cid);
  }

  HttpResponse<String> poll() {
    return request(HttpRequest.newBuilder(connection()).GET());
  }

  /** Polls until a frame (200) arrives; fails on anything but 200/204. */
  String next() {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> answer = poll();
      if (answer.statusCode() == 200) {
        return answer.body();
      }
      if (answer.statusCode() != 204) {
        throw new AssertionError("poll: " + answer.statusCode() + " " + answer.body());
      }
    }
    throw new AssertionError("no frame in three polls");
  }

  /** Polls until {@code count} messages arrived (frames may be single messages or arrays). */
  List<jakarta.json.JsonObject> messages(int count) {
    List<jakarta.json.JsonObject> all = new ArrayList<>();
    while (all.size() < count) {
      jakarta.json.JsonValue frame =
          jakarta.json.Json.createReader(new java.io.StringReader(next())).readValue();
      if (frame instanceof jakarta.json.JsonArray array) {
        array.forEach(m -> all.add(m.asJsonObject()));
      } else {
        all.add(frame.asJsonObject());
      }
    }
    return all;
  }

  HttpResponse<String> send(String frame) {
    return request(
        HttpRequest.newBuilder(connection())
            .header("Content-Type", "application/json")
            .POST(body(frame)));
  }

  HttpResponse<String> delete() {
    return request(HttpRequest.newBuilder(connection()).DELETE());
  }
}
