package dev.osmosis.control;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.error.RequestException;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientControlTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));
  static final Caller CLIENT = new Caller("client", Set.of("CLIENT"));

  final Sessions sessions = TestSessions.sessions();
  final ClientControl control = TestSessions.control(sessions);
  final TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();

  Session open(Map<String, String> properties) {
    return sessions.open(handshake(null, null, properties), connection);
  }

  @Test
  void properties_whenKeysAndGroups_thenOnlySelected() {
    Session s = open(Map.of("Department", "Accounts", "Team", "blue"));
    assertEquals(
        Map.of("Department", "Accounts"),
        control.properties(ADMIN, s.id().toString(), List.of("Department", "Missing")));
    Map<String, String> fixed =
        control.properties(ADMIN, s.id().toString(), List.of(PropertyKeys.ALL_FIXED_PROPERTIES));
    assertTrue(
        fixed.keySet().stream().allMatch(k -> k.startsWith("$"))
            && fixed.containsKey("$SessionId"));
    assertEquals(
        Map.of("Department", "Accounts", "Team", "blue"),
        control.properties(ADMIN, s.id().toString(), List.of(PropertyKeys.ALL_USER_PROPERTIES)));
  }

  @Test
  void anyOperation_whenPermissionMissing_thenError3001NamingIt() {
    Session s = open(Map.of());
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> control.properties(CLIENT, s.id().toString(), List.of("x")));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
    assertTrue(e.getMessage().contains("VIEW_SESSION"));
    e = assertThrows(RequestException.class, () -> control.close(CLIENT, Target.filter("all")));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
    assertTrue(s.isOpen());
  }

  @Test
  void properties_whenOwnSessionWithoutViewSession_thenAnsweredElseError3001() {
    Session s = open(Map.of("Department", "Accounts"));
    Session other = open(Map.of());
    Caller self = new Caller("client", Set.of("CLIENT"), s.id().toString());
    assertEquals(
        Map.of("Department", "Accounts"),
        control.properties(self, s.id().toString(), List.of(PropertyKeys.ALL_USER_PROPERTIES)));
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> control.properties(self, other.id().toString(), List.of("x")));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
  }

  @Test
  void unknownSession_thenError4004() {
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> control.close(ADMIN, Target.session("0000000000000000-0000000000000000")));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    e = assertThrows(RequestException.class, () -> control.close(ADMIN, Target.session("junk")));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
  }

  @Test
  void badFilter_thenError4001WithPosition() {
    RequestException e =
        assertThrows(
            RequestException.class, () -> control.close(ADMIN, Target.filter("Department is")));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("at 13"), e.getMessage());
  }

  @Test
  void setProperties_bySession_thenChangedRemovedAndPreviousReturned() {
    Session s = open(Map.of("Department", "Accounts", "Team", "blue"));
    Map<String, String> changes = new HashMap<>();
    changes.put("Department", "Payroll");
    changes.put("Team", null);
    changes.put("New", "x");
    Map<String, String> previous =
        control.setProperties(ADMIN, Target.session(s.id().toString()), changes).get(0);

    assertEquals("Accounts", previous.get("Department"));
    assertEquals("blue", previous.get("Team"));
    assertNull(previous.get("New"));
    assertEquals("Payroll", s.property("Department"));
    assertNull(s.property("Team"));
    assertEquals("x", s.property("New"));
  }

  @Test
  void setProperties_byFilter_thenOnlyMatchingSessionsChange() {
    Session accounts = open(Map.of("Department", "Accounts"));
    Session payroll = open(Map.of("Department", "Payroll"));
    int count =
        control
            .setProperties(
                ADMIN, Target.filter("Department is 'Accounts'"), Map.of("Status", "Closed"))
            .size();
    assertEquals(1, count);
    assertEquals("Closed", accounts.property("Status"));
    assertNull(payroll.property("Status"));
  }

  @Test
  void setProperties_whenFixedOrInvalidKey_thenRefusedAndNothingChanges() {
    Session s = open(Map.of());
    RequestException e =
        assertThrows(
            RequestException.class,
            () ->
                control.setProperties(
                    ADMIN,
                    Target.session(s.id().toString()),
                    Map.of("$Roles", "\"ADMINISTRATOR\"")));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("changeRoles"));
    e =
        assertThrows(
            RequestException.class,
            () ->
                control.setProperties(
                    ADMIN, Target.session(s.id().toString()), Map.of("bad key", "v")));
    assertEquals(ErrorCode.INVALID_PROPERTY, e.code());
    assertEquals(Set.of("CLIENT"), s.roles());
  }

  @Test
  void changeRoles_byFilter_thenRolesAndCanonicalRolesPropertyChange() {
    Session a = open(Map.of("Group", "x"));
    Session b = open(Map.of("Group", "y"));
    assertEquals(
        1,
        control.changeRoles(
            ADMIN, Target.filter("Group is 'x'"), Set.of("CLIENT"), Set.of("TRADER", "AUDITOR")));
    assertEquals(Set.of("TRADER", "AUDITOR"), a.roles());
    assertEquals("\"AUDITOR\",\"TRADER\"", a.property("$Roles"));
    assertEquals(Set.of("CLIENT"), b.roles());
    assertEquals(1, control.sessions(ADMIN, Target.filter("hasRoles ['AUDITOR']")).size());
  }

  @Test
  void changeRoles_whenGrantingARoleTheCallerDoesNotHold_thenError3001NamingItAndNothingChanges() {
    ClientControl control =
        new ClientControl(
            sessions.registry(),
            new dev.osmosis.filter.SessionFilters(),
            () -> storeWithController());
    Caller controller = new Caller("control", Set.of("CONTROLLER"));
    Session self = open(Map.of("Group", "x"));
    RequestException e =
        assertThrows(
            RequestException.class,
            () ->
                control.changeRoles(
                    controller,
                    Target.session(self.id().toString()),
                    Set.of(),
                    Set.of("ADMINISTRATOR")));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
    assertTrue(
        e.getMessage().contains("'ADMINISTRATOR'") && e.getMessage().contains("MODIFY_SECURITY"),
        e.getMessage());
    assertEquals(Set.of("CLIENT"), self.roles());
  }

  @Test
  void changeRoles_whenGrantingHeldOrIncludedRoles_thenAllowed_andMODIFY_SECURITYMayGrantAny() {
    ClientControl control =
        new ClientControl(
            sessions.registry(),
            new dev.osmosis.filter.SessionFilters(),
            () -> storeWithController());
    Session s = open(Map.of());
    String id = s.id().toString();
    assertEquals(
        1,
        control.changeRoles(
            new Caller("control", Set.of("CONTROLLER")),
            Target.session(id),
            Set.of("CLIENT"),
            Set.of("CONTROLLER", "CLIENT")),
        "CONTROLLER is held, CLIENT is included");
    assertEquals(Set.of("CONTROLLER", "CLIENT"), s.roles());
    assertEquals(
        1,
        control.changeRoles(
            new Caller("custom", Set.of("CONTROLLER", "TRADER")),
            Target.session(id),
            Set.of(),
            Set.of("TRADER")),
        "an undefined role the caller holds");
    assertEquals(
        1,
        control.changeRoles(
            ADMIN, Target.session(id), Set.of(), Set.of("ADMINISTRATOR", "AUDITOR")));
    assertTrue(s.roles().containsAll(Set.of("ADMINISTRATOR", "AUDITOR")));
  }

  private static dev.osmosis.security.SecurityStore storeWithController() {
    var base = TestSessions.store();
    List<dev.osmosis.security.Role> roles = new ArrayList<>(base.policy().roles().values());
    roles.add(
        new dev.osmosis.security.Role(
            "CONTROLLER",
            Set.of(
                dev.osmosis.security.GlobalPermission.VIEW_SESSION,
                dev.osmosis.security.GlobalPermission.MODIFY_SESSION),
            Set.of(),
            Map.of(),
            Set.of("CLIENT")));
    return new dev.osmosis.security.SecurityStore(
        base.anonymous(),
        base.principals().values(),
        new dev.osmosis.security.SecurityPolicy(roles));
  }

  @Test
  void close_byFilter_thenCountAndClosedByController() {
    Session a = open(Map.of("Department", "Accounts"));
    Session b = open(Map.of("Department", "Accounts"));
    Session c = open(Map.of("Department", "Payroll"));
    assertEquals(2, control.close(ADMIN, Target.filter("Department is \"Accounts\"")));
    assertEquals(CloseReason.CLOSED_BY_CONTROLLER, a.closeReason());
    assertEquals(CloseReason.CLOSED_BY_CONTROLLER, b.closeReason());
    assertTrue(c.isOpen());
    assertEquals(
        0,
        control.close(ADMIN, Target.filter("Department is \"Accounts\"")),
        "closed sessions are gone");
  }

  @Test
  void listen_thenExistingFirstThenUpdatesForSelectedKeysThenClose() {
    Session existing = open(Map.of("Department", "Accounts"));
    List<String> events = new ArrayList<>();
    Runnable unregister =
        control.listen(
            ADMIN,
            List.of("Department", "$Principal"),
            new SessionEvents.Sink() {
              @Override
              public void opened(String session, Map<String, String> properties) {
                events.add(
                    "OPEN "
                        + (session.equals(existing.id().toString()) ? "existing" : "new")
                        + " "
                        + new java.util.TreeMap<>(properties));
              }

              @Override
              public void updated(
                  String session, Map<String, String> properties, Map<String, String> previous) {
                events.add(
                    "UPDATED "
                        + new java.util.TreeMap<>(properties)
                        + " was "
                        + new java.util.TreeMap<>(previous));
              }

              @Override
              public void closed(
                  String session, Map<String, String> properties, CloseReason reason) {
                events.add("CLOSED " + reason);
              }
            });
    Session fresh = open(Map.of());
    fresh.updateUserProperties(Map.of("Other", "ignored"));
    fresh.updateUserProperties(Map.of("Department", "Payroll"));
    fresh.close(CloseReason.CLOSED_BY_CLIENT, null);
    unregister.run();
    existing.close(CloseReason.CLOSED_BY_CLIENT, null);

    assertEquals(
        List.of(
            "OPEN existing {$Principal=, Department=Accounts}",
            "OPEN new {$Principal=}",
            "UPDATED {$Principal=, Department=Payroll} was {$Principal=, Department=null}",
            "CLOSED CLOSED_BY_CLIENT"),
        events);
  }

  @Test
  void listen_whenWithoutRegisterHandler_thenRefused() {
    Caller viewer = new Caller("operator", Set.of("CLIENT"));
    assertThrows(RequestException.class, () -> control.listen(viewer, List.of("*U"), null));
    assertFalse(sessions.registry().all().iterator().hasNext());
  }

  @Test
  void serve_whenAnotherNodeSendsScopedSubscriptionsAndConflation_thenCarriedOutHere() {
    Session s = open(Map.of());
    List<String> done = new ArrayList<>();
    control.connect(
        new SessionSelections() {
          @Override
          public void select(Session session, String selector) {}

          @Override
          public void unselect(Session session, String selector) {}

          @Override
          public void select(Session session, String selector, String scope) {
            done.add("+" + selector + " " + scope);
          }

          @Override
          public void unselect(Session session, String selector, String scope) {
            done.add("-" + selector + " " + scope);
          }

          @Override
          public Map<String, List<String>> selections(Session session) {
            return Map.of("x", List.of(">a"));
          }

          @Override
          public void conflate(Session session, boolean conflated) {
            done.add("conflated " + conflated);
          }
        });
    Target target = Target.session(s.id().toString());
    Map<String, String> scoped = Map.of("selector", ">a", "scope", "x");
    Map<String, String> all = Map.of("selector", ">a", "allScopes", "true");

    control.serve(op(ControlOperation.SUBSCRIBE, target, scoped));
    control.serve(op(ControlOperation.UNSUBSCRIBE, target, Map.of("selector", ">a")));
    control.serve(op(ControlOperation.UNSUBSCRIBE, target, all));
    control.serve(op(ControlOperation.CONFLATE, target, Map.of("conflated", "false")));
    String selections = control.serve(op(ControlOperation.SELECTIONS, target, Map.of()));

    assertEquals(List.of("+>a x", "->a ", "->a null", "conflated false"), done);
    assertEquals(Map.of("x", List.of(">a")), ControlOperation.selections(selections));
  }

  @Test
  void subscribe_whenTheScopeIsBad_then4001BeforeAnySession() {
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> control.subscribe(ADMIN, Target.filter("all"), ">a", "$x", true, null));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
  }

  private static String op(String kind, Target target, Map<String, String> arguments) {
    return new ControlOperation(kind, ADMIN, target, arguments, Set.of(), Set.of()).encode();
  }
}
