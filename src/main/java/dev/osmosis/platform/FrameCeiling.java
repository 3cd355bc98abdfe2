package dev.osmosis.platform;

import dev.osmosis.transport.websocket.internals.TyrusEngine;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;

/**
 * Sets the WebSocket engine's frame ceiling from {@code osmosis.maxMessageSize} when the
 * application starts, so it no longer has to be kept in step by hand in {@code web.xml}. The
 * ceiling is the most Tyrus buffers of one incoming frame before it closes the connection with
 * 1011; the limit clients meet stays {@code osmosis.maxMessageSize}, set on each session and
 * checked against the frame header (1009 before the payload is buffered). The ceiling is twice the
 * limit plus the largest frame header (131,086 bytes at the default 64 KiB), so a frame between the
 * two meets the 1009.
 *
 * <p>Tyrus reads its {@code org.glassfish.tyrus.servlet.incoming-buffer-size} context parameter in
 * its own initializer, which runs before the application's; its engine reads the size on each
 * upgrade, so it is set there ({@code TyrusWebSocketEngine.setIncomingBufferSize}, a public method
 * reached through the container's {@code getWebSocketEngine()}, the route in {@link TyrusEngine}).
 * Without that route, Tyrus's default (4 MiB) stays the ceiling and is logged once; the per-session
 * limit applies either way.
 */
@WebListener
public class FrameCeiling implements ServletContextListener {
  private static final System.Logger LOG = System.getLogger(FrameCeiling.class.getName());

  /** FIN/opcode, 127 + 8 length bytes, 4 mask bytes. */
  static final int LARGEST_FRAME_HEADER = 14;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    int bytes = ceiling(OsmosisConfig.connectionSettings().maxMessageSize());
    Object container = event.getServletContext().getAttribute(ServerContainer.class.getName());
    if (apply(container, bytes)) {
      LOG.log(
          System.Logger.Level.INFO,
          "WebSocket frame ceiling "
              + bytes
              + " bytes (osmosis.maxMessageSize x 2 + "
              + LARGEST_FRAME_HEADER
              + ")");
    } else {
      LOG.log(
          System.Logger.Level.WARNING,
          "WebSocket frame ceiling not set (no Tyrus engine found): the engine's own"
              + " stays; osmosis.maxMessageSize is still enforced per session");
    }
  }

  /** The frame ceiling for a message limit. */
  static int ceiling(int maxMessageSize) {
    return 2 * maxMessageSize + LARGEST_FRAME_HEADER;
  }

  /** Sets {@code bytes} on the container's engine; false if the container has no such route. */
  static boolean apply(Object container, int bytes) {
    return TyrusEngine.setIncomingBufferSize(container, bytes);
  }
}
