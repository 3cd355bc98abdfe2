package dev.osmosis.protocol;

import dev.osmosis.control.Target;
import dev.osmosis.subscribe.UpdateConstraint;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.ErrorCode;
import dev.osmosis.wire.NotifiedDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The messages a client sends (docs/PROTOCOL.md §2). Decoded by {@link FrameCodec}; immutable. */
public sealed interface ClientFrame {

  /** The correlation id of a request, or 0 for a message that expects no answer. */
  default long id() {
    return 0;
  }

  private static String redacted(String secret) {
    return secret == null ? "null" : "(redacted)";
  }

  /**
   * The handshake. {@code principal} is null for an anonymous session; {@code topics} is the last
   * sequence number the client received per topic path (PROTOCOL.md §12 "Resuming topics"), null
   * when the client did not send it (it cannot resume topics by their numbers), empty in a first
   * {@code connect} that can.
   */
  record Connect(
      int version,
      String clientType,
      String principal,
      String credentials,
      Map<String, String> properties,
      long reconnectTimeout,
      boolean sequenced,
      String sessionId,
      String token,
      long ack,
      Map<String, Long> topics,
      NotifiedDigest notified)
      implements ClientFrame {

    /** Without {@code notified} (a client that sends none). */
    public Connect(
        int version,
        String clientType,
        String principal,
        String credentials,
        Map<String, String> properties,
        long reconnectTimeout,
        boolean sequenced,
        String sessionId,
        String token,
        long ack,
        Map<String, Long> topics) {
      this(
          version,
          clientType,
          principal,
          credentials,
          properties,
          reconnectTimeout,
          sequenced,
          sessionId,
          token,
          ack,
          topics,
          null);
    }

    /** A reconnect: presents an existing session's id and token (docs/PROTOCOL.md §12). */
    public boolean isReconnect() {
      return sessionId != null;
    }

    /** Without the credentials and the token: log lines print frames. */
    @Override
    public String toString() {
      return "Connect[version="
          + version
          + ", clientType="
          + clientType
          + ", principal="
          + principal
          + ", credentials="
          + redacted(credentials)
          + ", properties="
          + properties
          + ", reconnectTimeout="
          + reconnectTimeout
          + ", sequenced="
          + sequenced
          + ", sessionId="
          + sessionId
          + ", token="
          + redacted(token)
          + ", ack="
          + ack
          + ", topics="
          + topics
          + ", notified="
          + notified
          + "]";
    }
  }

  /** A standalone acknowledgement (§12); not numbered. */
  record Ack(long ack) implements ClientFrame {}

  record Ping(long id) implements ClientFrame {}

  record ChangePrincipal(long id, String principal, String credentials) implements ClientFrame {
    /** Without the credentials: log lines print frames. */
    @Override
    public String toString() {
      return "ChangePrincipal[id="
          + id
          + ", principal="
          + principal
          + ", credentials="
          + redacted(credentials)
          + "]";
    }
  }

  record Close() implements ClientFrame {}

  record GetSessionProperties(long id, String session, List<String> keys) implements ClientFrame {}

  /** {@code properties} may hold null values (remove the key). */
  record SetSessionProperties(long id, Target target, Map<String, String> properties)
      implements ClientFrame {}

  record ChangeRoles(long id, Target target, Set<String> remove, Set<String> add)
      implements ClientFrame {}

  record CloseSession(long id, Target target) implements ClientFrame {}

  record AddSessionListener(long id, List<String> keys) implements ClientFrame {}

  record RemoveSessionListener(long id, long listener) implements ClientFrame {}

  /** {@code scope}: the selection scope, null or {@code ""} for the default one. */
  record Select(long id, String selector, String scope) implements ClientFrame {}

  /** {@code scope}: the selection scope ({@code ""} the default one), null for every scope. */
  record Unselect(long id, String selector, String scope) implements ClientFrame {}

  record AddTopic(long id, String path, TopicSpecification specification) implements ClientFrame {}

  record RemoveTopics(long id, String selector) implements ClientFrame {}

  /**
   * {@code value} is the wire value (a JSON-P value, or a Number for JSON numbers) for the topic
   * type to check.
   */
  record SetValue(long id, String path, TopicType type, Object value, UpdateConstraint constraint)
      implements ClientFrame {}

  record AddAndSet(
      long id,
      String path,
      TopicSpecification specification,
      Object value,
      UpdateConstraint constraint)
      implements ClientFrame {}

  record ApplyJsonPatch(
      long id, String path, jakarta.json.JsonArray patch, UpdateConstraint constraint)
      implements ClientFrame {}

  /**
   * Client control: subscribe or unsubscribe other sessions (a session id or a filter) to a
   * selector, in a selection {@code scope} ({@code ""} the default one; null to unsubscribe from
   * every scope).
   */
  record SubscribeControl(long id, Target target, String selector, boolean subscribe, String scope)
      implements ClientFrame {}

  // ---- messaging and locks (docs/PROTOCOL.md §10; decoded by MessagingFrames)

  record AddRequestHandler(long id, String path, List<String> keys) implements ClientFrame {}

  record RemoveRequestHandler(long id, String path) implements ClientFrame {}

  /**
   * {@code session} is null for a request to the path's handler; {@code value} is the JSON text of
   * {@code v}.
   */
  record SendRequest(long id, String path, String session, String type, String value)
      implements ClientFrame {}

  record SendRequestToFilter(long id, String filter, String path, String type, String value)
      implements ClientFrame {}

  /** The answer to a server-initiated {@code request}; no answer comes back. */
  record Response(long rid, String type, String value) implements ClientFrame {}

  /** {@code code} is 0 when the client gave none. */
  record ResponseError(long rid, int code, String message) implements ClientFrame {}

  record Lock(long id, String name, String scope) implements ClientFrame {}

  record Unlock(long id, String name, long sequence) implements ClientFrame {}

  /**
   * A message that could not be decoded; {@code id} is its correlation id when one could be read,
   * else 0.
   */
  record Invalid(long id, ErrorCode code, String message) implements ClientFrame {}

  // ---- security administration (docs/PROTOCOL.md §14; decoded by SecurityFrames)

  record GetSecurityConfiguration(long id) implements ClientFrame {}

  record GetAuthenticationConfiguration(long id) implements ClientFrame {}

  record UpdateSecurityStore(long id, String script) implements ClientFrame {
    /** Without the script: log lines print frames. */
    @Override
    public String toString() {
      return "UpdateSecurityStore[id=" + id + ", script=(" + script.length() + " chars)]";
    }
  }

  /** {@code script} holds passwords in clear: never logged. */
  record UpdateAuthenticationStore(long id, String script) implements ClientFrame {
    /** Without the script: it holds passwords, and log lines print frames. */
    @Override
    public String toString() {
      return "UpdateAuthenticationStore[id=" + id + ", script=(redacted)]";
    }
  }

  // ---- metric collectors (docs/PROTOCOL.md §15; decoded by MetricsFrames)

  record PutSessionMetricCollector(long id, dev.osmosis.metrics.SessionMetricCollector collector)
      implements ClientFrame {}

  record PutTopicMetricCollector(long id, dev.osmosis.metrics.TopicMetricCollector collector)
      implements ClientFrame {}

  /** {@code kind}: {@code session} or {@code topic}. */
  record RemoveMetricCollector(long id, String kind, String name) implements ClientFrame {}

  /** {@code kind}: {@code session} or {@code topic}. */
  record ListMetricCollectors(long id, String kind) implements ClientFrame {}

  /** {@code filter}: collector names; empty for every collector. */
  record FetchMetrics(long id, List<String> filter) implements ClientFrame {}

  /** {@code fetch} (§9 "Fetch"). */
  record Fetch(long id, dev.osmosis.subscribe.FetchQuery query) implements ClientFrame {}

  /** {@code selectNotifications} (§9 "Topic notifications"). */
  record SelectNotifications(long id, String selector) implements ClientFrame {}

  record DeselectNotifications(long id, String selector) implements ClientFrame {}

  /**
   * {@code addMissingTopicHandler} (§9 "Missing topic handlers"); {@code properties} are property
   * keys.
   */
  record AddMissingTopicHandler(long id, String path, List<String> properties)
      implements ClientFrame {}

  record RemoveMissingTopicHandler(long id, String path) implements ClientFrame {}

  /** A handler's answer to {@code missingTopic} {@code rid}; expects no answer. */
  record MissingTopicResponse(long rid, boolean proceed) implements ClientFrame {}

  /** Client control: another session's selections by scope (§8). */
  record GetTopicSelections(long id, String session) implements ClientFrame {}

  /** Client control: turns the topics' conflation on or off for sessions (§8). */
  record SetConflated(long id, Target target, boolean conflated) implements ClientFrame {}

  // ---- queries (docs/PROTOCOL.md §8 and §14; decoded by QueryFrames)

  /** Client control: who holds session locks (§8); {@code name} null for every held lock. */
  record GetSessionLocks(long id, String name) implements ClientFrame {}

  /** The calling session's own permissions (§14): the global ones when {@code path} is null. */
  record GetPermissions(long id, String path) implements ClientFrame {}

  /** Security: revokes a session's authentication, which closes it (§14). */
  record RevokeAuthentication(long id, String session) implements ClientFrame {}
}
