package dev.osmosis.protocol;

import dev.osmosis.subscribe.Fetcher;
import dev.osmosis.topic.Topic;
import java.util.Map;

/**
 * Encodes the fetch, topic notification and missing topic messages of docs/PROTOCOL.md §9 by hand,
 * like {@link TopicFrames}: values go out in their wire form ({@link TopicFrames#writeValue})
 * without re-parsing.
 */
public final class TopicQueryFrames {
  private TopicQueryFrames() {}

  /** {@code {"t":"ok","id":n,"results":[{"path","type","v"?,"properties"?}...],"hasMore":b}}. */
  public static String fetchResult(long id, Fetcher.Result result, boolean properties) {
    StringBuilder out = new StringBuilder(64 + 48 * result.items().size());
    out.append("{\"t\":\"ok\",\"id\":").append(id).append(",\"results\":[");
    boolean first = true;
    for (Fetcher.Item item : result.items()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      Topic topic = item.topic();
      out.append("{\"path\":");
      TopicFrames.quote(out, topic.path());
      out.append(",\"type\":\"").append(topic.type().name()).append('"');
      if (item.value() != null) {
        out.append(",\"v\":");
        TopicFrames.writeValue(out, item.value());
      }
      if (properties) {
        out.append(',');
        properties(out, topic.specification().properties());
      }
      out.append('}');
    }
    return out.append("],\"hasMore\":").append(result.hasMore()).append('}').toString();
  }

  /**
   * {@code {"t":"topicNotification","event":E,"path":P,"type":T,"properties":{...}}}: never a
   * value.
   */
  public static String notification(String event, Topic topic) {
    StringBuilder out = new StringBuilder(96 + topic.path().length());
    out.append("{\"t\":\"topicNotification\",\"event\":\"").append(event).append("\",\"path\":");
    TopicFrames.quote(out, topic.path());
    out.append(",\"type\":\"").append(topic.type().name()).append("\",");
    properties(out, topic.specification().properties());
    return out.append('}').toString();
  }

  /**
   * {@code {"t":"topicNotification","event":E,"path":P,"descendant":true}}: an immediate descendant
   * of a selected path, its path alone.
   */
  public static String descendantNotification(String event, Topic topic) {
    StringBuilder out = new StringBuilder(80 + topic.path().length());
    out.append("{\"t\":\"topicNotification\",\"event\":\"").append(event).append("\",\"path\":");
    TopicFrames.quote(out, topic.path());
    return out.append(",\"descendant\":true}").toString();
  }

  /** The end of a notification resync: {@code count} RESYNC notifications came before it. */
  public static String notificationsResynced(int count) {
    return "{\"t\":\"topicNotification\",\"event\":\"RESYNCED\",\"count\":" + count + "}";
  }

  /** The end of a resync of the immediate descendants: {@code count} RESYNC ones came before it. */
  public static String descendantsResynced(int count) {
    return "{\"t\":\"topicNotification\",\"event\":\"RESYNCED\",\"count\":"
        + count
        + ",\"descendant\":true}";
  }

  /** The request a missing topic handler receives. */
  public static String missingTopic(
      long rid,
      String handler,
      String selector,
      String path,
      String session,
      Map<String, String> sessionProperties) {
    StringBuilder out = new StringBuilder(160);
    out.append("{\"t\":\"missingTopic\",\"rid\":").append(rid).append(",\"handler\":");
    TopicFrames.quote(out, handler);
    out.append(",\"selector\":");
    TopicFrames.quote(out, selector);
    out.append(",\"path\":");
    TopicFrames.quote(out, path);
    out.append(",\"session\":");
    TopicFrames.quote(out, session);
    out.append(',');
    properties(out, sessionProperties);
    return out.append('}').toString();
  }

  /**
   * The answer to a select: {@code count} and, if a missing topic handler was asked, its {@code
   * missingTopic} outcome.
   */
  public static String selected(long id, int count, String missingTopicOutcome) {
    StringBuilder out = new StringBuilder(64);
    out.append("{\"t\":\"ok\",\"id\":").append(id).append(",\"count\":").append(count);
    if (missingTopicOutcome != null) {
      out.append(",\"missingTopic\":\"").append(missingTopicOutcome).append('"');
    }
    return out.append('}').toString();
  }

  /** {@code {"t":"ok","id":n,"path":P}}. */
  public static String handlerAdded(long id, String path) {
    StringBuilder out = new StringBuilder(48 + path.length());
    out.append("{\"t\":\"ok\",\"id\":").append(id).append(",\"path\":");
    TopicFrames.quote(out, path);
    return out.append('}').toString();
  }

  /** {@code {"t":"ok","id":n,"removed":b}}. */
  public static String handlerRemoved(long id, boolean removed) {
    return "{\"t\":\"ok\",\"id\":" + id + ",\"removed\":" + removed + "}";
  }

  private static void properties(StringBuilder out, Map<String, String> properties) {
    out.append("\"properties\":");
    TopicFrames.writeStringMap(out, new java.util.TreeMap<>(properties));
  }
}
