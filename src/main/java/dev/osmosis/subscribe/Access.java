package dev.osmosis.subscribe;

import dev.osmosis.security.PathPermission;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.Session;
import dev.osmosis.topic.Topic;
import java.util.Set;

/**
 * Topic permission decisions: the roles' path permissions, plus a topic's OWNER (a principal named
 * by the topic's specification may read, update and modify it whatever its roles say).
 */
public final class Access {
  private Access() {}

  public static boolean has(
      SecurityStore store, Session session, PathPermission permission, String path) {
    return store.policy().has(session.roles(), permission, path);
  }

  public static boolean has(
      SecurityStore store, Session session, PathPermission permission, Topic topic) {
    return has(store, session.principal(), session.roles(), permission, topic);
  }

  public static boolean has(
      SecurityStore store,
      String principal,
      Set<String> roles,
      PathPermission permission,
      Topic topic) {
    if (isOwner(principal, topic)
        && (permission == PathPermission.READ_TOPIC
            || permission == PathPermission.UPDATE_TOPIC
            || permission == PathPermission.MODIFY_TOPIC
            || permission == PathPermission.SELECT_TOPIC)) {
      return true;
    }
    return store.policy().has(roles, permission, topic.path());
  }

  private static boolean isOwner(String principal, Topic topic) {
    String owner = topic.specification().owner();
    return owner != null && !principal.isEmpty() && owner.equals(principal);
  }
}
