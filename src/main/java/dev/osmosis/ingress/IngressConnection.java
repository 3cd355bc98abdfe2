package dev.osmosis.ingress;

import dev.osmosis.room.PresenceListener;
import dev.osmosis.room.RoomMember;
import dev.osmosis.room.RoomRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One ingress connection: the {@link IngressSession} handed to the handler, the {@link RoomMember}
 * rooms send to, and the lifecycle the transport drives ({@link #opened}, {@link #received}, {@link
 * #closed}).
 *
 * <p>Lifecycle: {@code onClose} runs exactly once, then the session leaves every room it is in. A
 * join that races the close is undone, so no membership outlives the connection. Handler exceptions
 * are logged once here and never reach the transport. Thread-safe.
 */
public final class IngressConnection implements IngressSession, RoomMember {
  /** Close code for a handler whose {@code onOpen} threw (RFC 6455 1011, internal error). */
  public static final int HANDLER_ERROR = 1011;

  private static final System.Logger LOG = System.getLogger(IngressConnection.class.getName());

  private final String id;
  private final String handlerName;
  private final IngressHandler handler;
  private final IngressHandshake handshake;
  private final RoomRegistry rooms;
  private final IngressTransport transport;
  private final ConcurrentHashMap<String, Object> attributes = new ConcurrentHashMap<>();
  private final AtomicBoolean closeCalled = new AtomicBoolean();
  private volatile boolean open = true;
  private volatile boolean roomsReleased;

  public IngressConnection(
      String id,
      String handlerName,
      IngressHandler handler,
      IngressHandshake handshake,
      RoomRegistry rooms,
      IngressTransport transport) {
    this.id = id;
    this.handlerName = handlerName;
    this.handler = handler;
    this.handshake = handshake;
    this.rooms = rooms;
    this.transport = transport;
  }

  /**
   * The transport opened: runs {@code onOpen}; if it throws, the connection is closed with 1011.
   */
  public void opened() {
    if (!call("onOpen", () -> handler.onOpen(this))) {
      open = false;
      transport.close(HANDLER_ERROR, "handler error");
    }
  }

  /** A text message arrived: runs {@code onMessage}. */
  public void received(String message) {
    if (open) {
      call("onMessage", () -> handler.onMessage(this, message));
    }
  }

  /** The transport closed (for any reason): runs {@code onClose} once, then leaves every room. */
  public void closed() {
    if (!closeCalled.compareAndSet(false, true)) {
      return;
    }
    open = false;
    try {
      call("onClose", () -> handler.onClose(this));
    } finally {
      roomsReleased = true;
      rooms.leaveAll(id);
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void send(String message) {
    if (open && message != null) {
      transport.send(message);
    }
  }

  @Override
  public void close() {
    open = false;
    transport.close(1000, "closed by handler");
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public String getParameter(String name) {
    return handshake.parameter(name);
  }

  @Override
  public String getHeader(String name) {
    return handshake.header(name);
  }

  @Override
  public String getRequestPath() {
    return handshake.path();
  }

  @Override
  public String getRemoteAddr() {
    return handshake.remoteAddr();
  }

  @Override
  public void setAttribute(String key, Object value) {
    if (value == null) {
      attributes.remove(key);
    } else {
      attributes.put(key, value);
    }
  }

  @Override
  public Object getAttribute(String key) {
    return key == null ? null : attributes.get(key);
  }

  @Override
  public Map<String, Object> getAttributes() {
    return Map.copyOf(attributes);
  }

  /** The attributes as text, for the admin API and other nodes ({@link RoomMember}). */
  @Override
  public Map<String, String> attributes() {
    Map<String, String> text = new java.util.TreeMap<>();
    attributes.forEach((k, v) -> text.put(k, String.valueOf(v)));
    return text;
  }

  @Override
  public IngressRoom room(String name) {
    return new RoomProxy(RoomRegistry.checkName(name));
  }

  /** The handler's name ({@code /ws/{name}}). */
  public String handlerName() {
    return handlerName;
  }

  @Override
  public String toString() {
    return "IngressSession[" + id + " on /ws/" + handlerName + "]";
  }

  private boolean call(String callback, Runnable body) {
    try {
      body.run();
      return true;
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "ingress handler '"
              + handlerName
              + "' threw in "
              + callback
              + " of session "
              + id
              + (callback.equals("onOpen") ? " (connection closed with 1011)" : ""),
          e);
      return false;
    }
  }

  private final class RoomProxy implements IngressRoom {
    private final String name;

    RoomProxy(String name) {
      this.name = name;
    }

    @Override
    public void join() {
      rooms.join(name, IngressConnection.this);
      if (roomsReleased) {
        // The close path already ran (or is running) leaveAll: do not leave a membership behind.
        rooms.leave(name, id);
      }
    }

    @Override
    public void leave() {
      rooms.leave(name, id);
    }

    @Override
    public void broadcast(String message) {
      rooms.broadcast(name, message);
    }

    @Override
    public void broadcastExcept(String message) {
      rooms.broadcastExcept(name, message, id);
    }

    @Override
    public int members() {
      return rooms.members(name);
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public List<IngressSession> memberSessions() {
      Map<String, IngressSession> here = localMemberSessions();
      if (!rooms.spans()) {
        return new ArrayList<>(here.values());
      }
      // every node's members: this node's as themselves, the others' as read-only views
      List<IngressSession> sessions = new ArrayList<>();
      for (dev.osmosis.room.MemberInfo m : rooms.memberInfo(name)) {
        IngressSession local = here.get(m.id());
        sessions.add(local != null ? local : new RemoteIngressSession(m, name, rooms));
      }
      return sessions;
    }

    /** This node's members of the room, by member id, in the room's order. */
    private Map<String, IngressSession> localMemberSessions() {
      Map<String, IngressSession> here = new java.util.LinkedHashMap<>();
      rooms
          .find(name)
          .ifPresent(
              room ->
                  room.memberList()
                      .forEach(
                          m -> {
                            if (m instanceof IngressSession session) {
                              here.put(m.id(), session);
                            }
                          }));
      return here;
    }

    @Override
    public Runnable addPresenceListener(PresenceListener listener) {
      return rooms.addPresenceListener(name, listener);
    }
  }
}
