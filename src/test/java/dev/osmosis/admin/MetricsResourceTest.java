package dev.osmosis.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.error.RequestException;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.metrics.CollectorStorage;
import dev.osmosis.metrics.MetricCollectors;
import dev.osmosis.metrics.MetricSettings;
import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.SecurityContext;
import java.io.StringReader;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The admin API's metric collectors over a real {@link MetricCollectors}, outside the container.
 */
class MetricsResourceTest {
  final SecurityStore store =
      new SecurityStore(
          new AnonymousPolicy(false, Set.of()),
          List.of(),
          new SecurityPolicy(
              List.of(
                  new Role(
                      "VIEWER", Set.of(GlobalPermission.VIEW_SERVER), Set.of(), Map.of(), Set.of()),
                  new Role(
                      "OPERATOR",
                      Set.of(GlobalPermission.VIEW_SERVER, GlobalPermission.CONTROL_SERVER),
                      Set.of(),
                      Map.of(),
                      Set.of()))));
  final TopicTree topics = new TopicTree();
  final MetricCollectors collectors =
      new MetricCollectors(
          new SessionRegistry(),
          topics,
          new SessionFilters(),
          new TopicSelectors(),
          MetricSettings.defaults(),
          CollectorStorage.NONE);

  MetricsResource as(String principal, String role) {
    MetricsResource resource = new MetricsResource();
    resource.collectors = collectors;
    AdminCaller caller = new AdminCaller(principal, Set.of(role), () -> store);
    resource.security =
        new SecurityContext() {
          @Override
          public Principal getUserPrincipal() {
            return caller;
          }

          @Override
          public boolean isUserInRole(String r) {
            return caller.roles().contains(r);
          }

          @Override
          public boolean isSecure() {
            return false;
          }

          @Override
          public String getAuthenticationScheme() {
            return BASIC_AUTH;
          }
        };
    return resource;
  }

  final MetricsResource operator = as("op", "OPERATOR");
  final MetricsResource viewer = as("view", "VIEWER");

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void put_thenListedAndSampled_thenRemoved() {
    topics.add("a/b", dev.osmosis.topic.TopicType.STRING);
    String put =
        operator.putTopic(
            "t",
            json("{\"topicSelector\":\"?a//\",\"groupByTopicType\":true,\"maximumGroups\":5}"));

    assertEquals(
        json(
            "{\"name\":\"t\",\"topicSelector\":\"?a//\",\"groupByTopicType\":true,"
                + "\"groupByTopicView\":false,\"groupByPathPrefixParts\":0,"
                + "\"exportToPrometheus\":false,\"maximumGroups\":5}"),
        json(put));
    assertEquals(json("{\"session\":[],\"topic\":[" + put + "]}"), json(viewer.list()));
    assertEquals(
        json(
            "{\"groups\":[{\"kind\":\"topic\",\"collector\":\"t\",\"labels\":{\"type\":\"STRING\"},"
                + "\"values\":{\"topics\":1,\"subscriptions\":0,\"updates\":0}}],\"omitted\":0}"),
        json(viewer.samples()));
    operator.removeTopic("t");
    RequestException e = assertThrows(RequestException.class, () -> operator.removeTopic("t"));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
  }

  @Test
  void put_whenFilterIsBad_thenInvalidArgumentWithPosition() {
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> operator.putSession("s", json("{\"sessionFilter\":\"Department is\"}")));

    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().startsWith("sessionFilter: "), e.getMessage());
  }
}
