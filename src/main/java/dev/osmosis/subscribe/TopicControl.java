package dev.osmosis.subscribe;

import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.TopicSelector;
import dev.osmosis.topic.JsonNesting;
import dev.osmosis.topic.RemovalPolicy;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicMatcher;
import dev.osmosis.topic.TopicPath;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.wire.ErrorCode;
import java.util.function.Supplier;

/**
 * Adding, removing and updating topics with permission checks (MODIFY_TOPIC, UPDATE_TOPIC at the
 * path, or the topic's OWNER), for sessions over the protocol and for the admin API. Bad input — an
 * invalid path, specification, selector or value, a wrong type — is a {@link RequestException} with
 * code 4001; a missing topic 4004; a missing permission 3001. Thread-safe.
 */
public final class TopicControl {
  private final Subscriptions subscriptions;
  private final Supplier<SecurityStore> store;
  private final ValueLimits limits;
  private final TopicReplication replication;

  public TopicControl(Subscriptions subscriptions, Supplier<SecurityStore> store) {
    this(subscriptions, store, ValueLimits.defaults());
  }

  public TopicControl(
      Subscriptions subscriptions, Supplier<SecurityStore> store, ValueLimits limits) {
    this(subscriptions, store, limits, new LocalTopics(subscriptions));
  }

  /**
   * @param replication where changes go: {@link LocalTopics} on one server, the grid's
   *     implementation in a cluster
   */
  public TopicControl(
      Subscriptions subscriptions,
      Supplier<SecurityStore> store,
      ValueLimits limits,
      TopicReplication replication) {
    this.subscriptions = subscriptions;
    this.store = store;
    this.limits = limits;
    this.replication = replication;
  }

  /** The bounds every value set through here keeps. */
  public ValueLimits limits() {
    return limits;
  }

  public TopicTree tree() {
    return subscriptions.tree();
  }

  public TopicTree.AddResult add(Caller caller, String path, TopicSpecification specification) {
    String canonical = canonical(path);
    require(caller, PathPermission.MODIFY_TOPIC, canonical);
    requireRemovable(caller, specification);
    if (specification.historySize() > limits.maxTopicHistory()) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "HISTORY_SIZE "
              + specification.historySize()
              + " is more than this server keeps per topic (osmosis.maxTopicHistory = "
              + limits.maxTopicHistory()
              + ")");
    }
    try {
      return replication.add(canonical, specification, caller.session());
    } catch (IllegalArgumentException e) {
      throw new RequestException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
  }

  /**
   * A REMOVAL policy's {@code remove 'SELECTOR'} must be a valid selector, and the caller must hold
   * MODIFY_TOPIC where it starts (each member's literal prefix): the policy removes those topics
   * later, with no caller to ask.
   */
  private void requireRemovable(Caller caller, TopicSpecification specification) {
    RemovalPolicy removal = specification.removal();
    if (removal == null || removal.removeSelector() == null) {
      return;
    }
    for (TopicSelector member : subscriptions.compile(removal.removeSelector()).members()) {
      require(caller, PathPermission.MODIFY_TOPIC, member.literalPrefix());
    }
  }

  /** Removes the matching topics the caller may modify; answers how many. */
  public int remove(Caller caller, String selectorText) {
    TopicSelector selector = subscriptions.compile(selectorText);
    SecurityStore security = store.get();
    return replication.remove(
        new TopicMatcher() {
          @Override
          public String literalPrefix() {
            return selector.literalPrefix();
          }

          @Override
          public boolean matches(String path) {
            // permission first: the caller's selector runs only on topics it may remove
            Topic topic = tree().get(path);
            return topic != null
                && Access.has(
                    security,
                    caller.principal(),
                    caller.roles(),
                    PathPermission.MODIFY_TOPIC,
                    topic)
                && selector.matches(path);
          }
        });
  }

  /** Sets an existing topic's value (UPDATE_TOPIC); {@code type} must be the topic's type. */
  public void set(Caller caller, String path, TopicType type, Object value) {
    set(caller, path, type, value, UpdateConstraint.NONE, NO_LOCKS);
  }

  /**
   * Sets an existing topic's value if {@code constraint} holds, atomically with the update (else
   * 4012).
   */
  public void set(
      Caller caller,
      String path,
      TopicType type,
      Object value,
      UpdateConstraint constraint,
      UpdateConstraint.Context context) {
    update(
        caller, key(caller), existing(caller, path), type, constraint, context, current -> value);
  }

  /** Adds the topic if missing (MODIFY_TOPIC), then sets its value (UPDATE_TOPIC). */
  public TopicTree.AddResult addAndSet(
      Caller caller, String path, TopicSpecification specification, Object value) {
    return addAndSet(caller, path, specification, value, UpdateConstraint.NONE, NO_LOCKS);
  }

  /**
   * Adds the topic if missing, then sets its value if {@code constraint} holds. A {@link
   * UpdateConstraint.NoTopic} in it holds only if this call added the topic; the rest is checked
   * with the update.
   */
  public TopicTree.AddResult addAndSet(
      Caller caller,
      String path,
      TopicSpecification specification,
      Object value,
      UpdateConstraint constraint,
      UpdateConstraint.Context context) {
    TopicValue checked;
    try {
      // a refused value must not leave an empty topic behind
      checked = valid(path, specification, value);
    } catch (IllegalArgumentException e) {
      throw new RequestException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
    TopicTree.AddResult result = add(caller, path, specification);
    TopicReplication.Key key = key(caller);
    if (key != null && result == TopicTree.AddResult.ADDED) {
      key = key.afterAdd();
    }
    boolean needsNoTopic = requiresNoTopic(constraint);
    if (needsNoTopic && result == TopicTree.AddResult.EXISTS && key == null) {
      throw unsatisfied(path);
    }
    Topic topic = tree().get(canonical(path));
    if (topic == null) {
      throw new RequestException(
          ErrorCode.NOT_FOUND, "topic " + path + " was removed while being set");
    }
    // a replayed message that added the topic finds it now: only its key tells how it went
    UpdateConstraint rest =
        !needsNoTopic
            ? constraint
            : result == TopicTree.AddResult.ADDED ? withoutNoTopic(constraint) : REFUSE;
    TopicReplication.Outcome outcome =
        update(caller, key, topic, specification.type(), rest, context, current -> checked);
    return outcome == TopicReplication.Outcome.ADDED_BEFORE ? TopicTree.AddResult.ADDED : result;
  }

  /** Holds for no topic: a keyed update that only asks how its message was decided before. */
  private static final UpdateConstraint REFUSE = new UpdateConstraint.NoTopic();

  /**
   * Applies an RFC 6902 JSON Patch to a JSON topic's value (UPDATE_TOPIC), in the topic's order, if
   * {@code constraint} holds. A patch that does not apply (a failed {@code test}, a missing path)
   * is 4001.
   */
  public void applyJsonPatch(
      Caller caller,
      String path,
      jakarta.json.JsonArray patch,
      UpdateConstraint constraint,
      UpdateConstraint.Context context) {
    Topic topic = existing(caller, path);
    if (topic.type() != TopicType.JSON) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT,
          "topic "
              + topic.path()
              + " is "
              + topic.type()
              + "; a JSON patch applies to JSON topics");
    }
    update(
        caller,
        key(caller),
        topic,
        TopicType.JSON,
        constraint,
        context,
        current -> JsonPatches.apply(topic.path(), current, patch, limits));
  }

  private Topic existing(Caller caller, String path) {
    String canonical = canonical(path);
    Topic topic = tree().get(canonical);
    if (topic == null) {
      require(caller, PathPermission.UPDATE_TOPIC, canonical);
      throw new RequestException(ErrorCode.NOT_FOUND, "no topic at " + canonical);
    }
    return topic;
  }

  /** The idempotency key of the caller's update, or null when its message is not replayed. */
  private static TopicReplication.Key key(Caller caller) {
    return caller.message() > 0 && caller.session() != null
        ? TopicReplication.Key.of(caller.session(), caller.message())
        : null;
  }

  private TopicReplication.Outcome update(
      Caller caller,
      TopicReplication.Key key,
      Topic topic,
      TopicType type,
      UpdateConstraint constraint,
      UpdateConstraint.Context context,
      java.util.function.Function<TopicValue, Object> compute) {
    if (!Access.has(
        store.get(), caller.principal(), caller.roles(), PathPermission.UPDATE_TOPIC, topic)) {
      throw denied(caller, PathPermission.UPDATE_TOPIC, topic.path());
    }
    if (type != null && type != topic.type()) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT,
          "topic " + topic.path() + " is " + topic.type() + ", not " + type);
    }
    TopicReplication.Outcome outcome;
    try {
      outcome =
          replication.update(
              topic,
              key,
              t -> constraint.holds(t, context),
              current -> valid(topic.path(), topic.specification(), compute.apply(current)));
    } catch (IllegalArgumentException e) {
      throw new RequestException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
    if (outcome == TopicReplication.Outcome.REFUSED) {
      throw unsatisfied(topic.path());
    }
    return outcome;
  }

  /**
   * The value of the specification's type {@code raw} stands for, within the {@link ValueLimits}
   * (else a 4029) and passing the specification's VALIDATE_VALUES and SCHEMA (else an {@link
   * IllegalArgumentException}, the caller's 4001).
   */
  private TopicValue valid(String path, TopicSpecification specification, Object raw) {
    TopicValue value = within(path, specification.type().value(path, raw));
    if (specification.validateValues() || specification.hasSchema()) {
      specification.validate(path, value, raw instanceof jakarta.json.JsonValue json ? json : null);
    }
    return value;
  }

  /**
   * {@code value} if it keeps the {@link ValueLimits}, else a 4029. Constant time for all but JSON
   * values, and for text whose length alone decides; JSON text is scanned once for its depth.
   */
  private TopicValue within(String path, TopicValue value) {
    String text =
        value instanceof TopicValue.OfJson json
            ? json.text()
            : value instanceof TopicValue.OfString string ? string.value() : null;
    long max = limits.maxValueBytes();
    long bytes =
        text != null
            ? (text.length() * 3L <= max ? 0 : JsonSize.utf8(text))
            : value instanceof TopicValue.OfBinary binary ? binary.length() : 0;
    if (bytes > max) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "the value for "
              + path
              + " has "
              + bytes
              + " bytes; a topic value may have at most "
              + max);
    }
    if (value instanceof TopicValue.OfJson json
        && JsonNesting.tooDeepAt(json.text(), limits.maxJsonDepth()) >= 0) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "the value for "
              + path
              + " nests deeper than "
              + limits.maxJsonDepth()
              + " levels of arrays and objects");
    }
    return value;
  }

  private static boolean requiresNoTopic(UpdateConstraint constraint) {
    if (constraint instanceof UpdateConstraint.NoTopic) {
      return true;
    }
    return constraint instanceof UpdateConstraint.And and
        && and.all().stream().anyMatch(TopicControl::requiresNoTopic);
  }

  private static UpdateConstraint withoutNoTopic(UpdateConstraint constraint) {
    if (constraint instanceof UpdateConstraint.NoTopic) {
      return UpdateConstraint.NONE;
    }
    if (constraint instanceof UpdateConstraint.And and) {
      return new UpdateConstraint.And(
          and.all().stream().map(TopicControl::withoutNoTopic).toList());
    }
    return constraint;
  }

  private static RequestException unsatisfied(String path) {
    return new RequestException(
        ErrorCode.UNSATISFIED_CONSTRAINT, "the update constraint does not hold for " + path);
  }

  /** A caller that holds no session locks (the admin API). */
  public static final UpdateConstraint.Context NO_LOCKS = (name, sequence) -> false;

  private void require(Caller caller, PathPermission permission, String path) {
    if (!store.get().policy().has(caller.roles(), permission, path)) {
      throw denied(caller, permission, path);
    }
  }

  private static RequestException denied(Caller caller, PathPermission permission, String path) {
    return new RequestException(
        ErrorCode.PERMISSION_DENIED,
        "principal '" + caller.principal() + "' lacks " + permission + " at '" + path + "'");
  }

  private static String canonical(String path) {
    try {
      return TopicPath.canonical(path);
    } catch (IllegalArgumentException e) {
      throw new RequestException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
  }
}
