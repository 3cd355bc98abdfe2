package dev.osmosis.transport.websocket;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import java.lang.reflect.Field;

/**
 * Stops Grizzly from allocating an 8 KiB buffer for every WebSocket frame we write.
 *
 * <p>An upgraded connection writes its frames through the handshake response's Grizzly {@code OutputBuffer}
 * (Tyrus's servlet writer: {@code ServletOutputStream.write} + {@code flush} per frame). That buffer is 8,192 bytes
 * (Catalina's {@code Response} hard-codes it; {@code setBufferSize} only ever grows it and Grizzly's
 * {@code default-buffer-size} property is overridden by it). A write shorter than the buffer size makes Grizzly
 * allocate a fresh buffer of that size (our writer threads are not Grizzly threads, so there is no thread-local
 * pool), copy the frame into it and flush it: measured 86 % of the server's allocations, ~9 KB per delivery, and
 * the {@code HeapMemoryManager.allocate} / {@code ProbeNotifier.notifyBufferAllocated} frames of the profile.
 * A write at least as large as the buffer size is written straight from the caller's array (copied only if the
 * socket cannot take it at once). So for the WebSocket handshakes we set that connection's buffer size to
 * {@link #SIZE} bytes, below Grizzly's own 512-byte floor, through the field (resolved once; internals of
 * Payara 6's web container and Grizzly 4). If the field chain is not found, nothing changes.
 *
 * <p>The response object is recycled after the connection closes; Grizzly resets the size then.
 */
final class GrizzlyOutput {
  private static final System.Logger LOG = System.getLogger(GrizzlyOutput.class.getName());
  /** Frames shorter than this are still copied into a buffer of this size (pongs, tiny control messages). */
  static final int SIZE = 16;
  private static volatile Field[] path;
  private static volatile boolean resolved;

  private GrizzlyOutput() {}

  /** Shrinks the Grizzly output buffer behind {@code response}; false if the internals were not found. */
  static boolean shrink(ServletResponse response) {
    while (response instanceof ServletResponseWrapper wrapper) {
      response = wrapper.getResponse();
    }
    Field[] fields = resolve(response);
    if (fields == null) {
      return false;
    }
    try {
      Object at = response;
      for (int i = 0; i < fields.length - 1; i++) {
        at = fields[i].get(at);
        if (at == null) {
          return false;
        }
      }
      fields[fields.length - 1].setInt(at, SIZE);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static Field[] resolve(ServletResponse response) {
    if (resolved) {
      return path;
    }
    synchronized (GrizzlyOutput.class) {
      if (!resolved) {
        path = lookup(response);
        resolved = true;
        LOG.log(System.Logger.Level.INFO, path != null
            ? "WebSocket connections write frames without Grizzly's per-write 8 KiB buffer"
            : "Grizzly's output buffer not found: WebSocket frames are copied into its 8 KiB buffers");
      }
      return path;
    }
  }

  /** ResponseFacade.response -> Response.outputBuffer -> OutputBuffer.grizzlyOutputBuffer -> .bufferSize */
  static Field[] lookup(Object response) {
    try {
      Field facade = field(response.getClass(), "response");
      Object catalina = facade.get(response);
      Field output = field(catalina.getClass(), "outputBuffer");
      Object catalinaOutput = output.get(catalina);
      Field grizzly = field(catalinaOutput.getClass(), "grizzlyOutputBuffer");
      Object grizzlyOutput = grizzly.get(catalinaOutput);
      Field size = field(grizzlyOutput.getClass(), "bufferSize");
      if (size.getType() != int.class) {
        return null;
      }
      return new Field[] {facade, output, grizzly, size};
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "Grizzly output buffer lookup failed", e);
      return null;
    }
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        // up the hierarchy
      }
    }
    throw new NoSuchFieldException(type.getName() + "." + name);
  }
}
