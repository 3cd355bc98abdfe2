package dev.osmosis.control;

import dev.osmosis.session.Session;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each session's session properties listeners by their id (the registering request's, which their
 * events carry; docs/PROTOCOL.md §8), held per session rather than per connection: a reconnect (on
 * this node, or on another after its node died) finds them, so the client can remove them and the
 * grid keeps them for fail-over. A session's listeners are unregistered when it closes.
 * Thread-safe.
 */
public final class SessionListeners {

  /**
   * One registration.
   *
   * @param restored made again by a node that resumed the session after its node died, not yet
   *     registered by its client on this node (a replayed registration takes it over)
   */
  public record Entry(List<String> keys, Runnable unregister, boolean restored) {}

  private final ConcurrentHashMap<Session, ConcurrentHashMap<Long, Entry>> bySession =
      new ConcurrentHashMap<>();

  /** The registration of listener {@code id} of {@code session}, or null. */
  public Entry get(Session session, long id) {
    Map<Long, Entry> table = bySession.get(session);
    return table == null ? null : table.get(id);
  }

  /** How many listeners {@code session} has. */
  public int count(Session session) {
    Map<Long, Entry> table = bySession.get(session);
    return table == null ? 0 : table.size();
  }

  /** Records a registration; a closed session's is unregistered at once. */
  public void put(Session session, long id, Entry entry) {
    ConcurrentHashMap<Long, Entry> table = bySession.get(session);
    if (table == null) {
      ConcurrentHashMap<Long, Entry> created = new ConcurrentHashMap<>();
      table = bySession.putIfAbsent(session, created);
      if (table == null) {
        created.put(id, entry);
        session.onClose((closed, reason) -> closed(closed)); // at once if closed already
        return;
      }
    }
    table.put(id, entry);
    if (!session.isOpen()) {
      closed(session);
    }
  }

  /** Unregisters listener {@code id} of {@code session}; false if it had none by that id. */
  public boolean remove(Session session, long id) {
    Map<Long, Entry> table = bySession.get(session);
    Entry entry = table == null ? null : table.remove(id);
    if (entry == null) {
      return false;
    }
    entry.unregister().run();
    return true;
  }

  /** The listeners of {@code session}: their ids and property keys. */
  public Map<Long, List<String>> of(Session session) {
    Map<Long, Entry> table = bySession.get(session);
    if (table == null || table.isEmpty()) {
      return Map.of();
    }
    Map<Long, List<String>> listeners = new TreeMap<>();
    table.forEach((id, entry) -> listeners.put(id, entry.keys()));
    return listeners;
  }

  private void closed(Session session) {
    Map<Long, Entry> table = bySession.remove(session);
    if (table != null) {
      for (Long id : List.copyOf(table.keySet())) {
        Entry entry = table.remove(id);
        if (entry != null) {
          entry.unregister().run();
        }
      }
    }
  }
}
