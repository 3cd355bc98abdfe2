package dev.osmosis.client;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Request/response messaging (PROTOCOL.md §10; docs/MESSAGING.md), reached by {@link
 * Session#messages()}: send requests to the handler of a path, to one session, or to every session
 * a filter matches; handle requests for a path branch; receive requests sent to this session.
 * Values are typed by a Java class (String, Long, Double, byte[], or Map/List/Boolean/Object for
 * JSON; see docs/MESSAGING.md).
 *
 * <p>Futures fail with a {@link SessionException}: {@code 4004} no handler at the path (or no such
 * session), {@code 4010} the handler rejected or threw, {@code 4011} the answering session closed,
 * {@code 4008} no answer within the server's request timeout, {@code 4029} too many requests
 * pending, {@code 3001} a permission is missing, {@code 4009} a handler is already registered at
 * the path; with a {@link SessionClosedException} if this session closes first. Futures complete on
 * the session's event thread.
 */
public final class Messaging {

  private static final System.Logger LOG = System.getLogger(Messaging.class.getName());

  private final Connection connection;
  private final Map<String, HandlerRegistration<?, ?>> handlers = new ConcurrentHashMap<>();
  private final Map<String, Stream<?, ?>> streams = new ConcurrentHashMap<>();
  private final Map<Long, FilterRequest<?>> filterRequests = new ConcurrentHashMap<>();

  Messaging(Connection connection) {
    this.connection = connection;
    connection.setHandler("request", this::onRequest);
    connection.setHandler("filterResponse", this::onFilterResponse);
    connection.setHandler("filterResponseError", this::onFilterResponse);
    connection.addListener(
        (session, oldState, newState) -> {
          if (newState.isClosed()) {
            handlers.values().forEach(HandlerRegistration::end);
            streams.keySet().forEach(this::removeRequestStream);
            filterRequests.clear();
          }
        });
  }

  // ------------------------------------------------------------ sending

  /**
   * Sends a request to the handler of {@code path}'s branch (SEND_TO_MESSAGE_HANDLER) and returns
   * its response.
   */
  public <V, R> CompletableFuture<R> sendRequest(
      String path, V request, Class<V> requestType, Class<R> responseType) {
    return send(request(path, request, requestType), responseType);
  }

  /**
   * Sends a request to one session (SEND_TO_SESSION at {@code path}); it reaches the request stream
   * that session set for {@code path}, and fails with {@code 4004} if it has none.
   */
  public <V, R> CompletableFuture<R> sendRequest(
      SessionId session, String path, V request, Class<V> requestType, Class<R> responseType) {
    Map<String, Object> fields = request(path, request, requestType);
    fields.put("session", Objects.requireNonNull(session, "session").toString());
    return send(fields, responseType);
  }

  /**
   * Sends a request to every session the filter matches (SEND_TO_SESSION at {@code path}). The
   * future completes with the number of sessions addressed; {@code callback} then hears each one's
   * response or error.
   */
  public <V, R> CompletableFuture<Integer> sendRequestToFilter(
      String filter,
      String path,
      V request,
      Class<V> requestType,
      Class<R> responseType,
      FilterCallback<R> callback) {
    Objects.requireNonNull(callback, "callback");
    Objects.requireNonNull(responseType, "responseType");
    Map<String, Object> fields = request(path, request, requestType);
    fields.put("filter", Objects.requireNonNull(filter, "filter"));
    CompletableFuture<Integer> result = new CompletableFuture<>();
    // From the event thread, so the callback is registered before the answers that follow the
    // count.
    connection.execute(
        () ->
            connection
                .request("sendRequestToFilter", fields)
                .whenComplete(
                    (ok, error) -> {
                      if (error != null) {
                        result.completeExceptionally(unwrap(error));
                        return;
                      }
                      int count = (int) Messages.number(ok, "count", 0);
                      if (count > 0) {
                        filterRequests.put(
                            Messages.number(ok, "id", -1),
                            new FilterRequest<>(responseType, callback, count));
                      }
                      result.complete(count);
                    }));
    return result;
  }

  // ------------------------------------------------------------ receiving

  /**
   * Registers a handler for requests sent to {@code path} and the paths below it that have no more
   * specific handler (REGISTER_HANDLER). One handler per path on the server: a second fails with
   * {@code 4009}. The handler's context carries the requester's {@code properties} named here
   * (keys, or {@code *F}, {@code *U}).
   */
  public <V, R> CompletableFuture<Registration> addRequestHandler(
      String path,
      Class<V> requestType,
      Class<R> responseType,
      RequestHandler<V, R> handler,
      String... properties) {
    String branch = canonical(path);
    MessageValues.datatype(requestType);
    MessageValues.datatype(responseType);
    HandlerRegistration<V, R> registration =
        new HandlerRegistration<>(
            branch, requestType, responseType, Objects.requireNonNull(handler, "handler"));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("path", branch);
    fields.put("properties", new ArrayList<>(Arrays.asList(properties)));
    CompletableFuture<Registration> result = new CompletableFuture<>();
    connection.execute(
        () -> {
          // In place before the request is sent: a request may reach us before the server's answer.
          if (handlers.putIfAbsent(branch, registration) != null) {
            result.completeExceptionally(
                new SessionException(
                    ErrorCode.HANDLER_CONFLICT.code(),
                    "this session already has a request handler at " + branch));
            return;
          }
          connection
              .request("addRequestHandler", fields)
              .whenComplete(
                  (ok, error) -> {
                    if (error != null) {
                      handlers.remove(branch, registration);
                      result.completeExceptionally(unwrap(error));
                    } else {
                      result.complete(registration);
                    }
                  });
        });
    return result;
  }

  /**
   * Sets the stream that receives requests sent to this session for {@code path} (exactly that
   * path); replaces (and closes) the previous one. Requests for a path with no stream are answered
   * with error {@code 4004}. Local only: nothing is sent to the server.
   */
  public <V, R> void setRequestStream(
      String path, Class<V> requestType, Class<R> responseType, RequestStream<V, R> stream) {
    MessageValues.datatype(requestType);
    MessageValues.datatype(responseType);
    Stream<?, ?> previous =
        streams.put(
            canonical(path),
            new Stream<>(requestType, responseType, Objects.requireNonNull(stream, "stream")));
    if (previous != null) {
      previous.close();
    }
  }

  /** Removes (and closes) the request stream of {@code path}; answers whether there was one. */
  public boolean removeRequestStream(String path) {
    Stream<?, ?> previous = streams.remove(canonical(path));
    if (previous != null) {
      previous.close();
    }
    return previous != null;
  }

  // ------------------------------------------------------------ internals

  private static Map<String, Object> request(String path, Object value, Class<?> type) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("path", canonical(path));
    fields.put("type", MessageValues.datatype(type));
    fields.put("v", MessageValues.toWire(value, type));
    return fields;
  }

  private <R> CompletableFuture<R> send(Map<String, Object> fields, Class<R> responseType) {
    Objects.requireNonNull(responseType, "responseType");
    return connection
        .request("sendRequest", fields)
        .thenApply(
            ok ->
                MessageValues.fromWire(Messages.string(ok, "type", ""), ok.get("v"), responseType));
  }

  /** One leading and one trailing slash off, as the server does. */
  static String canonical(String path) {
    String p = Objects.requireNonNull(path, "path");
    int start = p.startsWith("/") ? 1 : 0;
    int end = p.length() > start && p.endsWith("/") ? p.length() - 1 : p.length();
    if (end <= start) {
      throw new IllegalArgumentException("A path must not be empty");
    }
    return p.substring(start, end);
  }

  private void onRequest(Map<String, Object> message) {
    long rid = Messages.number(message, "rid", -1);
    String path = Messages.string(message, "path", "");
    Object handlerPath = message.get("handler");
    Answer answer = new Answer(rid);
    if (handlerPath instanceof String) {
      HandlerRegistration<?, ?> registration = handlers.get(handlerPath);
      if (registration == null || registration.ended.get()) {
        answer.error(
            ErrorCode.NOT_FOUND, "no request handler at " + handlerPath + " on this session");
      } else {
        registration.deliver(message, path, answer);
      }
    } else {
      Stream<?, ?> stream = streams.get(path);
      if (stream == null) {
        answer.error(
            ErrorCode.NOT_FOUND, "session " + ownId() + " has no request stream for " + path);
      } else {
        stream.deliver(message, path, answer);
      }
    }
  }

  private String ownId() {
    Grant grant = connection.grant();
    return grant == null ? "?" : grant.sessionId().toString();
  }

  private void onFilterResponse(Map<String, Object> message) {
    long id = Messages.number(message, "id", -1);
    FilterRequest<?> request = filterRequests.get(id);
    String session = Messages.string(message, "session", "");
    if (request == null || session.isBlank()) {
      LOG.log(DEBUG, "Ignoring a filter response for no pending request: {0}", message);
      return;
    }
    if (request.deliver(message, SessionId.of(session))) {
      filterRequests.remove(id);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  /** The one answer to one server request. */
  private final class Answer {
    private final long rid;
    private final AtomicBoolean sent = new AtomicBoolean();

    Answer(long rid) {
      this.rid = rid;
    }

    void response(Class<?> type, Object value) {
      Object wire;
      try {
        wire = MessageValues.toWire(value, type);
      } catch (RuntimeException e) {
        error(
            ErrorCode.REJECTED_REQUEST,
            "the response is not a valid " + type.getSimpleName() + ": " + e);
        return;
      }
      if (sent.compareAndSet(false, true)) {
        Map<String, Object> message = Messages.message("response");
        message.put("rid", rid);
        message.put("type", MessageValues.datatype(type));
        message.put("v", wire);
        connection.send(message);
      }
    }

    void error(ErrorCode code, String text) {
      if (sent.compareAndSet(false, true)) {
        Map<String, Object> message = Messages.message("responseError");
        message.put("rid", rid);
        message.put("code", code.code());
        message.put("message", text == null ? "rejected" : text);
        connection.send(message);
      }
    }

    <R> Responder<R> responder(Class<R> type) {
      return new Responder<>() {
        @Override
        public void respond(R response) {
          response(type, response);
        }

        @Override
        public void reject(String message) {
          error(ErrorCode.REJECTED_REQUEST, message);
        }
      };
    }

    /** Converts the request value into {@code out[0]}, or answers 4001 and returns false. */
    <V> boolean read(Map<String, Object> message, Class<V> type, Object[] out) {
      try {
        out[0] =
            MessageValues.fromWire(Messages.string(message, "type", ""), message.get("v"), type);
        return true;
      } catch (IllegalArgumentException e) {
        error(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        return false;
      }
    }

    void failed(RuntimeException e) {
      LOG.log(WARNING, "A request handler or stream failed", e);
      error(ErrorCode.REJECTED_REQUEST, "the handler failed: " + e);
    }
  }

  private final class HandlerRegistration<V, R> implements Registration {
    final String branch;
    final Class<V> requestType;
    final Class<R> responseType;
    final RequestHandler<V, R> handler;
    final AtomicBoolean ended = new AtomicBoolean();

    HandlerRegistration(
        String branch, Class<V> requestType, Class<R> responseType, RequestHandler<V, R> handler) {
      this.branch = branch;
      this.requestType = requestType;
      this.responseType = responseType;
      this.handler = handler;
    }

    void deliver(Map<String, Object> message, String path, Answer answer) {
      Object[] value = new Object[1];
      if (!answer.read(message, requestType, value)) {
        return;
      }
      SessionId sender = SessionId.of(Messages.string(message, "session", ""));
      Map<String, String> properties = Messages.stringMap(message, "properties");
      RequestContext context =
          new RequestContext() {
            @Override
            public SessionId getSessionId() {
              return sender;
            }

            @Override
            public String getPath() {
              return path;
            }

            @Override
            public Map<String, String> getSessionProperties() {
              return properties;
            }
          };
      try {
        handler.onRequest(requestType.cast(value[0]), context, answer.responder(responseType));
      } catch (RuntimeException e) {
        answer.failed(e);
      }
    }

    @Override
    public CompletableFuture<Void> close() {
      if (!ended.compareAndSet(false, true)) {
        return CompletableFuture.completedFuture(null);
      }
      handlers.remove(branch, this);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("path", branch);
      return connection
          .request("removeRequestHandler", fields)
          .handle(
              (ok, error) -> {
                notifyClosed();
                Throwable cause = error == null ? null : unwrap(error);
                if (cause == null || cause instanceof SessionClosedException) {
                  return null;
                }
                throw new CompletionException(cause);
              });
    }

    void end() {
      if (ended.compareAndSet(false, true)) {
        handlers.remove(branch, this);
        notifyClosed();
      }
    }

    private void notifyClosed() {
      try {
        handler.onClose();
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A request handler failed in onClose", e);
      }
    }

    @Override
    public String toString() {
      return "Registration[request handler " + branch + (ended.get() ? ", ended]" : "]");
    }
  }

  private static final class Stream<V, R> {
    final Class<V> requestType;
    final Class<R> responseType;
    final RequestStream<V, R> stream;

    Stream(Class<V> requestType, Class<R> responseType, RequestStream<V, R> stream) {
      this.requestType = requestType;
      this.responseType = responseType;
      this.stream = stream;
    }

    void deliver(Map<String, Object> message, String path, Answer answer) {
      Object[] value = new Object[1];
      if (!answer.read(message, requestType, value)) {
        return;
      }
      try {
        stream.onRequest(path, requestType.cast(value[0]), answer.responder(responseType));
      } catch (RuntimeException e) {
        answer.failed(e);
      }
    }

    void close() {
      try {
        stream.onClose();
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A request stream failed in onClose", e);
      }
    }
  }

  /** The answers still expected for one request to a filter; event thread only. */
  private static final class FilterRequest<R> {
    final Class<R> responseType;
    final FilterCallback<R> callback;
    int remaining;

    FilterRequest(Class<R> responseType, FilterCallback<R> callback, int remaining) {
      this.responseType = responseType;
      this.callback = callback;
      this.remaining = remaining;
    }

    /** Delivers one session's answer; true when it was the last expected. */
    boolean deliver(Map<String, Object> message, SessionId session) {
      try {
        if ("filterResponse".equals(message.get("t"))) {
          R response;
          try {
            response =
                MessageValues.fromWire(
                    Messages.string(message, "type", ""), message.get("v"), responseType);
          } catch (IllegalArgumentException e) {
            callback.onResponseError(session, e);
            return --remaining <= 0;
          }
          callback.onResponse(session, response);
        } else {
          callback.onResponseError(
              session,
              new SessionException(
                  (int) Messages.number(message, "code", 0),
                  Messages.string(message, "message", "")));
        }
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A filter callback failed", e);
      }
      return --remaining <= 0;
    }
  }
}
