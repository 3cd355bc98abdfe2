package dev.osmosis.message;

import dev.osmosis.control.PropertyKeys;
import dev.osmosis.session.Session;
import dev.osmosis.subscribe.MissingTopicHandlers;
import dev.osmosis.subscribe.MissingTopicHandlers.Outcome;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Missing topic handlers across nodes (docs/CLUSTER.md "Topics") on the request relay: a handler is
 * published in the relay's handler directory under a branch of its own ({@value #MARK} + the
 * branch, which no canonical topic path can be, so request handlers and missing topic handlers
 * never meet), and a select on another node is one request to the handler's node, whose answer is
 * the handler's outcome. Both ends keep the request as {@link NodeRequests} does, so a node that
 * leaves or a lost message ends it (HANDLER_GONE, TIMEOUT) and the select is answered. With the
 * grid off nothing is connected: {@link MissingTopicHandlers} runs on its own node only.
 */
public final class MissingTopicRoutes implements MissingTopicHandlers.Span {
  /** The prefix of a missing topic handler's branch in the relay's handler directory. */
  static final String MARK = "//missing-topic/";

  /** The payload type of a missing topic request and its answer. */
  static final String TYPE = "missingTopic";

  private final Messaging messaging;
  private final NodeRelay relay;
  private final MissingTopicHandlers handlers;

  private MissingTopicRoutes(Messaging messaging, MissingTopicHandlers handlers) {
    this.messaging = messaging;
    this.relay = messaging.relay();
    this.handlers = handlers;
  }

  /**
   * Connects this node's missing topic handlers to the other nodes' (nothing when messaging runs
   * alone).
   */
  public static void connect(Messaging messaging, MissingTopicHandlers handlers) {
    if (!messaging.relay().clustered()) {
      return;
    }
    MissingTopicRoutes routes = new MissingTopicRoutes(messaging, handlers);
    messaging.missingTopics(routes);
    handlers.span(routes);
  }

  @Override
  public void added(Session session, String branch, List<String> keys) {
    relay.handlerAdded(new RequestHandlers.Handler(MARK + branch, session, keys));
  }

  @Override
  public void removed(Session session, String branch, List<String> keys) {
    relay.handlerRemoved(new RequestHandlers.Handler(MARK + branch, session, keys));
  }

  @Override
  public MissingTopicHandlers.Remote find(String branch) {
    NodeRelay.RemoteHandler found = relay.handler(MARK + branch);
    return found == null
        ? null
        : new MissingTopicHandlers.Remote(found.node(), branch, found.keys());
  }

  @Override
  public void ask(
      Session requester,
      MissingTopicHandlers.Remote handler,
      String selector,
      String prefix,
      Consumer<Outcome> outcome) {
    Map<String, String> properties =
        handler.keys().isEmpty()
            ? Map.of()
            : PropertyKeys.select(handler.keys(), requester.properties());
    messaging
        .nodes()
        .send(
            requester,
            handler.node(),
            null,
            prefix,
            MARK + handler.branch(),
            properties,
            new Payload(TYPE, Json.createValue(selector).toString()),
            new Reply() {
              @Override
              public void response(Payload response) {
                outcome.accept(outcome(response.json()));
              }

              @Override
              public void error(ErrorCode code, String message) {
                outcome.accept(
                    code == ErrorCode.REQUEST_TIMEOUT ? Outcome.TIMEOUT : Outcome.HANDLER_GONE);
              }
            });
  }

  /** Whether a request from another node is for a missing topic handler. */
  static boolean isFor(NodeRelay.RemoteRequest request) {
    return request.session() == null
        && request.branch() != null
        && request.branch().startsWith(MARK);
  }

  /**
   * Serves a select made on another node with this node's handler; the end goes to {@code back}.
   */
  void serve(NodeRelay.RemoteRequest request, Reply back) {
    String selector;
    try (JsonReader reader = Json.createReader(new StringReader(request.payload().json()))) {
      selector = ((JsonString) reader.readValue()).getString();
    } catch (RuntimeException e) {
      back.error(ErrorCode.INVALID_ARGUMENT, "a missing topic request without a selector");
      return;
    }
    handlers.serveRemote(
        request.sender(),
        request.branch().substring(MARK.length()),
        selector,
        request.path(),
        request.properties(),
        outcome ->
            back.response(
                new Payload(
                    TYPE,
                    outcome == null
                        ? JsonValue.NULL.toString()
                        : Json.createValue(outcome.name()).toString())));
  }

  private static Outcome outcome(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      JsonValue value = reader.readValue();
      return value instanceof JsonString s ? Outcome.valueOf(s.getString()) : null;
    } catch (RuntimeException e) {
      return Outcome.HANDLER_GONE;
    }
  }
}
