package dev.osmosis.grid;

import static dev.osmosis.grid.EmbeddedGrid.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.control.Caller;
import dev.osmosis.control.SecurityControl;
import dev.osmosis.error.RequestException;
import dev.osmosis.security.MemorySecurityStorage;
import dev.osmosis.security.PasswordCheck;
import dev.osmosis.security.PasswordHasher;
import dev.osmosis.security.SecurityAudit;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.TestSessions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Security administration across embedded grid members (docs/CLUSTER.md). */
class GridSecurityTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));
  final String cluster = "osmosis-security-" + UUID.randomUUID();
  final List<Node> nodes = new ArrayList<>();

  /** One Osmosis node's security administration on its own grid member. */
  final class Node {
    final HazelcastInstance grid = Hazelcast.newHazelcastInstance(config());
    final AtomicReference<SecurityStore> store = new AtomicReference<>(TestSessions.store());
    final MemorySecurityStorage storage = new MemorySecurityStorage();
    final SecurityAudit.InMemory audit = new SecurityAudit.InMemory();
    final List<String> heard = new CopyOnWriteArrayList<>();
    final GridSecurity sharing;
    final SecurityControl control;

    Node(String database) {
      String id = grid.getCluster().getLocalMember().getUuid().toString();
      sharing = new GridSecurity(grid, id, database);
      control =
          new SecurityControl(
              store,
              storage,
              audit,
              new PasswordHasher(1_000)::hash,
              PasswordCheck.PBKDF2,
              Clock.systemUTC(),
              () -> id);
      control.listen(
          (before, after) -> heard.add(String.join(",", after.policy().isolatedPaths())));
      control.share(sharing);
      nodes.add(this);
    }

    Set<String> isolated() {
      return store.get().policy().isolatedPaths();
    }
  }

  Config config() {
    return EmbeddedGrid.config(cluster, 6321);
  }

  @AfterEach
  void shutdown() {
    for (Node node : nodes) {
      node.sharing.close();
      node.grid.getLifecycleService().terminate();
    }
  }

  void twoMembers(Node a, Node b) {
    eventually("two members", () -> b.grid.getCluster().getMembers().size() == 2);
  }

  @Test
  void change_onOneNode_reachesTheOther_whichStoresItInItsOwnDatabase_andAuditsOnce() {
    Node a = new Node("embedded:a");
    Node b = new Node("embedded:b");
    twoMembers(a, b);

    a.control.updateSecurityStore(ADMIN, "isolate path \"p\"");

    eventually("b adopts", () -> b.isolated().equals(Set.of("p")));
    assertEquals(List.of("p"), b.heard, "b's live effects ran");
    assertEquals(1, b.storage.writes.size(), "b has a database of its own: written");
    assertTrue(b.storage.writes.get(0).startsWith("replace the cluster (version 1 from node"));
    assertEquals(1, a.audit.after(0, 10).size());
    assertTrue(b.audit.after(0, 10).isEmpty(), "audited once, by the node that ran it");
  }

  @Test
  void change_whenTheDatabaseIsShared_isNotWrittenTwice() {
    Node a = new Node("jdbc:postgresql://db/osmosis");
    Node b = new Node("jdbc:postgresql://db/osmosis");
    twoMembers(a, b);

    a.control.updateAuthenticationStore(ADMIN, "add principal \"alice\" \"pw\" [\"CLIENT\"]");

    eventually("b adopts", () -> b.store.get().principal("alice").isPresent());
    assertTrue(b.storage.writes.isEmpty(), "the node that ran the script wrote the shared one");
    assertEquals(1, a.storage.writes.size());
  }

  @Test
  void changes_onBothNodes_buildOnEachOther_evenBeforeTheEventArrives() {
    Node a = new Node("embedded:a");
    Node b = new Node("embedded:b");
    twoMembers(a, b);

    a.control.updateSecurityStore(ADMIN, "isolate path \"a\"");
    // b's change starts from the grid's snapshot, whether or not b heard a's change yet
    b.control.updateSecurityStore(ADMIN, "isolate path \"b\"");

    eventually("a has both", () -> a.isolated().equals(Set.of("a", "b")));
    assertEquals(Set.of("a", "b"), b.isolated());
    assertEquals(2, b.sharing.applied());
    assertEquals(2, a.sharing.applied());
  }

  @Test
  void nodeJoiningLater_adoptsTheRunningClustersStore() {
    Node a = new Node("embedded:a");
    a.control.updateSecurityStore(ADMIN, "isolate path \"early\"");
    Node c = new Node("embedded:c");
    twoMembers(a, c);
    assertEquals(Set.of("early"), c.isolated());
    assertEquals(1, c.storage.writes.size());
  }

  @Test
  void refusedScript_sharesNothing() {
    Node a = new Node("embedded:a");
    Node b = new Node("embedded:b");
    twoMembers(a, b);
    assertThrows(
        RequestException.class, () -> a.control.updateSecurityStore(ADMIN, "isolate path"));
    assertNull(a.grid.getMap(GridSecurity.NAME).get(GridSecurity.KEY));
    assertFalse(a.grid.getMap(GridSecurity.NAME).isLocked(GridSecurity.KEY));
    assertTrue(b.heard.isEmpty());
  }
}
