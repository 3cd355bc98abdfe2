package dev.osmosis.ingress;

import java.util.Map;

/**
 * One client connection of an ingress endpoint: seed 004's {@code WebSocketSession} in Java. Every
 * method is thread-safe; {@link #send} may be called from many threads at once.
 */
public interface IngressSession {

  /** The unique session id (read-only). */
  String id();

  /** Same as {@link #id()}, in bean style. */
  default String getId() {
    return id();
  }

  /**
   * Queues a text message for this client (one WebSocket frame). Never blocks; dropped once the
   * session is closed. A client that does not keep up is closed with 4007 "slow consumer".
   */
  void send(String message);

  /** Closes the connection (1000) after what was already sent; {@code onClose} follows. */
  void close();

  /** False once the connection is closing or closed. */
  boolean isOpen();

  /** The first value of a query parameter of the handshake URI, or null. */
  String getParameter(String name);

  /** The first value of a handshake request header (name case-insensitive), or null. */
  String getHeader(String name);

  /** The URI path of the connection, e.g. {@code /ws/chat}. */
  String getRequestPath();

  /** The client's IP address ("" if the engine does not tell). */
  String getRemoteAddr();

  /** Stores a per-connection attribute; a null value removes it. */
  void setAttribute(String key, Object value);

  /** An attribute, or null. */
  Object getAttribute(String key);

  /** A snapshot of all attributes. */
  Map<String, Object> getAttributes();

  /**
   * A proxy for the named room. Does not join: call {@link IngressRoom#join()}.
   *
   * @throws dev.osmosis.room.RoomException INVALID_NAME if the name is empty or longer than 128
   *     chars
   */
  IngressRoom room(String name);
}
