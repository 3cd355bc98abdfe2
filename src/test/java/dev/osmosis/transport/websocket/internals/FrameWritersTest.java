package dev.osmosis.transport.websocket.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.osmosis.connection.FrameSink;
import dev.osmosis.connection.Outbox;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FrameWritersTest {

  /** Stands in for TyrusWebSocket: records raw frames, completes them when the test says. */
  public static final class FakeWebSocket {
    final List<byte[]> frames = new ArrayList<>();
    final List<CompletableFuture<Object>> futures = new ArrayList<>();
    boolean completeAtOnce = true;

    public Future<Object> sendRawFrame(ByteBuffer frame) {
      byte[] bytes = new byte[frame.remaining()];
      frame.get(bytes);
      frames.add(bytes);
      CompletableFuture<Object> f = new CompletableFuture<>();
      if (completeAtOnce) {
        f.complete(null);
      }
      futures.add(f);
      return f;
    }
  }

  static FrameSink raw(FakeWebSocket ws) throws ReflectiveOperationException {
    return raw(ws, null);
  }

  /** With {@code deflated}: a session that asked for deflated frames. */
  static FrameSink raw(FakeWebSocket ws, dev.osmosis.protocol.DeflatedMessages deflated)
      throws ReflectiveOperationException {
    var send =
        MethodHandles.publicLookup()
            .findVirtual(
                FakeWebSocket.class,
                "sendRawFrame",
                MethodType.methodType(Future.class, ByteBuffer.class));
    return new FrameWriters.Raw(
        send.asType(MethodType.methodType(Future.class, Object.class, ByteBuffer.class)),
        ws,
        null,
        deflated);
  }

  @Test
  void raw_singleAndBatch_thenPreEncodedFramesAndDoneOnce() throws Exception {
    FakeWebSocket ws = new FakeWebSocket();
    FrameSink writer = raw(ws);
    AtomicInteger done = new AtomicInteger();

    writer.write("{\"a\":1}", done::incrementAndGet);
    writer.write("[", new String[] {"{\"a\":1}", "{\"b\":2}"}, 2, "]", done::incrementAndGet);

    assertEquals(2, done.get());
    assertEquals("{\"a\":1}", TextFramesTest.decode(ws.frames.get(0)));
    assertEquals("[{\"a\":1},{\"b\":2}]", TextFramesTest.decode(ws.frames.get(1)));
  }

  @Test
  void raw_whenSessionAskedForDeflate_thenBinaryFrameOnlyForADeflatedMessage() throws Exception {
    FakeWebSocket ws = new FakeWebSocket();
    dev.osmosis.protocol.DeflatedMessages deflated = new dev.osmosis.protocol.DeflatedMessages(64);
    String big = "{\"a\":1,\"v\":\"" + "abc".repeat(300) + "\"}";
    deflated.offer(big, "low");
    FrameSink writer = raw(ws, deflated);
    AtomicInteger done = new AtomicInteger();

    writer.write("{\"a\":2}", done::incrementAndGet);
    writer.write(big, done::incrementAndGet);
    writer.write("[", new String[] {"{\"a\":2}", big}, 2, "]", done::incrementAndGet);

    assertEquals(3, done.get());
    assertEquals("{\"a\":2}", TextFramesTest.decode(ws.frames.get(0)), "small: text");
    assertEquals(big, binaryText(ws.frames.get(1)));
    assertEquals("[{\"a\":2}," + big + "]", binaryText(ws.frames.get(2)));
    FakeWebSocket plain = new FakeWebSocket();
    raw(plain).write(big, done::incrementAndGet);
    assertEquals(big, TextFramesTest.decode(plain.frames.get(0)), "a session that did not ask");
  }

  /** The text a binary deflated frame stands for (header checked, then inflated). */
  static String binaryText(byte[] frame) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(frame);
    assertEquals((byte) 0x82, in.get(), "FIN + binary opcode");
    int len7 = in.get() & 0xFF;
    long length = len7 < 126 ? len7 : len7 == 126 ? in.getShort() & 0xFFFF : in.getLong();
    assertEquals(length, in.remaining(), "payload length");
    byte[] payload = new byte[in.remaining()];
    in.get(payload);
    return dev.osmosis.protocol.DeflatedMessagesTest.inflate(payload);
  }

  @Test
  void raw_whenTheSocketIsNotWritable_thenDoneWaitsForTheFuture() throws Exception {
    FakeWebSocket ws = new FakeWebSocket();
    ws.completeAtOnce = false;
    FrameSink writer = raw(ws);
    AtomicInteger done = new AtomicInteger();
    writer.write("{\"a\":1}", done::incrementAndGet);
    assertEquals(0, done.get(), "still in flight");
    ws.futures.get(0).completeExceptionally(new java.io.IOException("broken pipe"));
    assertEquals(1, done.get(), "a failure completes the write too");
  }

  @Test
  void raw_throughAnOutbox_thenOneWriteInFlightAndBatchesAfter() throws Exception {
    FakeWebSocket ws = new FakeWebSocket();
    ws.completeAtOnce = false;
    Outbox outbox = new Outbox(raw(ws), 10, 65536, () -> {});
    outbox.offer("{\"n\":1}");
    outbox.offer("{\"n\":2}");
    outbox.offer("{\"n\":3}");
    assertEquals(1, ws.frames.size(), "one write in flight");
    ws.futures.get(0).complete(null);
    assertEquals(2, ws.frames.size());
    assertEquals("[{\"n\":2},{\"n\":3}]", TextFramesTest.decode(ws.frames.get(1)));
  }

  /** Splits bytes written back to back into their frames' text payloads. */
  static List<String> frames(byte[] bytes) {
    List<String> out = new ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      int len7 = bytes[at + 1] & 0x7F;
      int header = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
      int length =
          len7 < 126
              ? len7
              : len7 == 126
                  ? ByteBuffer.wrap(bytes, at + 2, 2).getShort() & 0xFFFF
                  : (int) ByteBuffer.wrap(bytes, at + 2, 8).getLong();
      out.add(TextFramesTest.decode(java.util.Arrays.copyOfRange(bytes, at, at + header + length)));
      at += header + length;
    }
    return out;
  }

  @Test
  void raw_throughAnUnbatchedOutbox_thenWhatQueuedBehindTheWriteGoesAsItsFramesInOneWrite()
      throws Exception {
    FakeWebSocket ws = new FakeWebSocket();
    ws.completeAtOnce = false;
    Outbox outbox = Outbox.unbatched(raw(ws), 10, () -> {});
    outbox.offer("plain text");
    outbox.offer("{\"n\":2}");
    outbox.offer("x".repeat(300));
    outbox.offer("fourth");
    assertEquals(1, ws.frames.size(), "one write in flight");

    ws.futures.get(0).complete(null);

    assertEquals(2, ws.frames.size(), "the three queued messages in one write");
    assertEquals(List.of("plain text"), frames(ws.frames.get(0)));
    assertEquals(List.of("{\"n\":2}", "x".repeat(300), "fourth"), frames(ws.frames.get(1)));
    ws.futures.get(1).complete(null);
    assertEquals(0, outbox.size());
  }

  @Test
  void raw_writeEach_thenDoneOnceAfterTheOneWrite() throws Exception {
    FakeWebSocket ws = new FakeWebSocket();
    ws.completeAtOnce = false;
    AtomicInteger done = new AtomicInteger();

    raw(ws).writeEach(new String[] {"a", "b", "c"}, 2, done::incrementAndGet);

    assertEquals(1, ws.frames.size());
    assertEquals(List.of("a", "b"), frames(ws.frames.get(0)));
    assertEquals(0, done.get(), "in flight");
    ws.futures.get(0).complete(null);
    assertEquals(1, done.get());
  }

  @Test
  void raw_whenSendThrows_thenDoneStillRuns() throws Exception {
    var send = MethodHandles.throwException(Future.class, IllegalStateException.class);
    var handle =
        MethodHandles.dropArguments(
            MethodHandles.foldArguments(
                send,
                MethodHandles.constant(
                    IllegalStateException.class, new IllegalStateException("closed"))),
            0,
            Object.class,
            ByteBuffer.class);
    FrameSink writer = new FrameWriters.Raw(handle, new Object());
    AtomicInteger done = new AtomicInteger();
    writer.write("{}", done::incrementAndGet);
    assertEquals(1, done.get());
  }

  @Test
  void whenDone_nonStageFuture_thenDoneAtOnce() {
    AtomicInteger done = new AtomicInteger();
    FrameWriters.whenDone(null, done::incrementAndGet);
    assertEquals(1, done.get());
  }

  /**
   * A Session that is not Tyrus's: the lookup finds nothing and the standard asynchronous API is
   * used.
   */
  @Test
  void forSession_withoutTyrus_thenStandardAsyncApiWithJoinedText() {
    List<String> sent = new ArrayList<>();
    RemoteEndpoint.Async async =
        (RemoteEndpoint.Async)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class},
                (p, m, a) -> {
                  if (m.getName().equals("sendText") && a.length == 2) {
                    sent.add((String) a[0]);
                    ((SendHandler) a[1]).onResult(new SendResult());
                  }
                  return null;
                });
    RemoteEndpoint.Basic basic =
        (RemoteEndpoint.Basic)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Basic.class},
                (p, m, a) -> null);
    Session session =
        (Session)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Session.class},
                (p, m, a) ->
                    switch (m.getName()) {
                      case "getAsyncRemote" -> async;
                      case "getBasicRemote" -> basic;
                      case "getNegotiatedExtensions" -> List.of();
                      case "isOpen" -> true;
                      case "isSecure" -> true;
                      default -> null;
                    });

    assertNull(FrameWriters.lookup(session));
    FrameWriters.secureRoute(null);
    FrameSink writer = FrameWriters.forSession(session);
    assertEquals(
        "standard-api", FrameWriters.secureRoute(), "a wss:// session on the standard API says so");
    assertFalse(writer instanceof FrameWriters.Raw);
    AtomicInteger done = new AtomicInteger();
    writer.write("{\"a\":1}", done::incrementAndGet);
    writer.write("[", new String[] {"{\"a\":1}", "{\"b\":\"é\"}"}, 2, "]", done::incrementAndGet);
    assertEquals(List.of("{\"a\":1}", "[{\"a\":1},{\"b\":\"é\"}]"), sent);
    assertEquals(2, done.get());
    assertInstanceOf(FrameSink.class, writer);
  }
}
