package dev.osmosis.ingress;

import dev.osmosis.room.PresenceListener;
import java.util.List;

/**
 * A room as seen from one session ({@link IngressSession#room}): a proxy by name, which does not
 * join by itself. Thread-safe; cheap to create.
 */
public interface IngressRoom {

  /**
   * Joins the room, creating it if needed. Idempotent.
   *
   * @throws dev.osmosis.room.RoomException past {@code osmosis.maxRoomsPerSession} or {@code
   *     osmosis.maxRooms}
   */
  void join();

  /**
   * Leaves the room (deleted when it becomes empty); nothing happens if the session is not a
   * member.
   */
  void leave();

  /**
   * Sends {@code message} to every member, the sender included if it is a member. Only enqueues.
   */
  void broadcast(String message);

  /** Sends {@code message} to every member except this session. Only enqueues. */
  void broadcastExcept(String message);

  /** Members right now (0 if the room does not exist). */
  int members();

  /** The room's name. */
  String getName();

  /** Beyond the seed (presence): the member sessions right now, in joining order. */
  List<IngressSession> memberSessions();

  /**
   * Beyond the seed (presence): listens to this room's JOINED/LEFT events, each with the count
   * after it, in order, until the returned action is run. The listener outlives the session unless
   * removed (e.g. in {@code onClose}).
   */
  Runnable addPresenceListener(PresenceListener listener);
}
