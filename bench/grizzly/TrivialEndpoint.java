package probe;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The smallest WebSocket endpoints, the control WAR of bench/grizzly/openings.sh: {@code /echo}
 * echoes; {@code /close-app} closes each session as soon as it opens, from an application thread
 * (as a server closes a session from a timer, a writer or an admin call); {@code /close-io} closes
 * it on the container's own thread, inside {@code @OnOpen}; {@code /close-frame} only writes the
 * close frame from an application thread and lets the client's answer close the connection.
 */
public class TrivialEndpoint {
  static final ExecutorService APP = Executors.newFixedThreadPool(2);

  @ServerEndpoint("/echo")
  public static class Echo {
    @OnMessage
    public String echo(String text) {
      return text;
    }
  }

  @ServerEndpoint("/close-app")
  public static class CloseFromApp {
    @OnOpen
    public void open(Session ws) {
      APP.execute(() -> close(ws));
    }
  }

  @ServerEndpoint("/close-io")
  public static class CloseInline {
    @OnOpen
    public void open(Session ws) {
      close(ws);
    }
  }

  @ServerEndpoint("/close-frame")
  public static class CloseFrameFromApp {
    @OnOpen
    public void open(Session ws) {
      APP.execute(() -> closeFrame(ws));
    }
  }

  /**
   * Writes the close frame through Tyrus's {@code sendRawFrame} without closing: the client's
   * answering close frame then makes Tyrus close the connection on the container's own thread.
   */
  static void closeFrame(Session ws) {
    try {
      Object remote = ws.getBasicRemote();
      java.lang.reflect.Field f = null;
      for (Class<?> c = remote.getClass(); f == null && c != null; c = c.getSuperclass()) {
        try {
          f = c.getDeclaredField("webSocket");
        } catch (NoSuchFieldException e) {
          // up
        }
      }
      f.setAccessible(true);
      Object socket = f.get(remote);
      java.lang.reflect.Method send =
          socket.getClass().getMethod("sendRawFrame", java.nio.ByteBuffer.class);
      byte[] frame = {(byte) 0x88, 5, 0x03, (byte) 0xE8, 'b', 'y', 'e'};
      send.invoke(socket, java.nio.ByteBuffer.wrap(frame));
    } catch (ReflectiveOperationException | RuntimeException e) {
      close(ws);
    }
  }

  static void close(Session ws) {
    try {
      ws.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
    } catch (IOException e) {
      // the probe counts what the client sees
    }
  }
}
