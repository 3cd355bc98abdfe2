package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's polling transport against a scripted HTTP server (the JDK's), request by request.
 */
class HttpPollingTransportTest {
  HttpServer server;
  ExecutorService threads = Executors.newCachedThreadPool();
  final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
  final BlockingQueue<HttpExchange> polls = new LinkedBlockingQueue<>();
  final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  volatile int openStatus = 200;
  volatile CountDownLatch sendGate = new CountDownLatch(0);

  final Channel.Receiver receiver =
      new Channel.Receiver() {
        @Override
        public void onText(String text) {
          events.add("text " + text);
        }

        @Override
        public void onPing() {
          events.add("alive");
        }

        @Override
        public void onClosed(int code, String reason) {
          events.add("closed " + code);
        }

        @Override
        public void onError(Throwable error) {
          events.add("error " + error.getClass().getSimpleName());
        }
      };

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext(
        "/osmosis/poll",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(exchange.getRequestMethod() + " " + path + " " + body);
          if (path.equals("/osmosis/poll")) {
            answer(
                exchange,
                openStatus,
                openStatus == 200 ? "{\"cid\":\"c1d\"}" : "{\"code\":4403,\"message\":\"no\"}");
          } else if (exchange.getRequestMethod().equals("GET")) {
            polls.add(exchange); // held until the test answers it
          } else {
            try {
              sendGate.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            answer(exchange, 204, null);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    threads.shutdownNow();
  }

  static void answer(HttpExchange exchange, int status, String body) {
    try {
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body == null ? -1 : bytes.length);
      if (body != null) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
      exchange.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  Channel open() throws Exception {
    URI ws = URI.create("ws://127.0.0.1:" + server.getAddress().getPort() + "/osmosis");
    return HttpPollingTransport.open(ws, Duration.ofSeconds(5), receiver).get(5, TimeUnit.SECONDS);
  }

  String next(BlockingQueue<String> queue) throws InterruptedException {
    String next = queue.poll(5, TimeUnit.SECONDS);
    assertNotNull(next, "nothing arrived");
    return next;
  }

  @Test
  void endpoint_thenPollUnderTheWebSocketPath() {
    assertEquals(
        URI.create("http://h:8080/osmosis/poll"),
        HttpPollingTransport.endpoint(URI.create("ws://h:8080/osmosis")));
    assertEquals(
        URI.create("https://h/x/osmosis/poll"),
        HttpPollingTransport.endpoint(URI.create("wss://h/x/osmosis")));
  }

  @Test
  void firstSend_opens_thenOnePollAlwaysOutstanding_framesDelivered_204Alive_404Closed()
      throws Exception {
    Channel channel = open();
    assertEquals(0, requests.size(), "nothing on the network before the connect");
    channel.send("{\"t\":\"connect\",\"v\":1}").get(5, TimeUnit.SECONDS);
    assertEquals("POST /osmosis/poll {\"t\":\"connect\",\"v\":1}", next(requests));
    assertEquals("GET /osmosis/poll/c1d ", next(requests));
    answer(polls.take(), 200, "{\"t\":\"connected\"}");
    assertEquals("text {\"t\":\"connected\"}", next(events));
    assertEquals("GET /osmosis/poll/c1d ", next(requests), "the next poll at once");
    answer(polls.take(), 204, null);
    assertEquals("alive", next(events));
    next(requests);
    answer(polls.take(), 404, "{\"code\":4404,\"message\":\"no such poll connection\"}");
    assertEquals("closed 1006", next(events));
    assertInstanceOf(
        IOException.class,
        channel
            .send("{\"t\":\"ping\",\"id\":1}")
            .handle((ok, error) -> error)
            .get(5, TimeUnit.SECONDS),
        "sends fail once it ended");
  }

  @Test
  void sends_whileOneIsInFlight_thenTheQueuedOnesGoAsOneArrayFrame() throws Exception {
    Channel channel = open();
    channel.send("{\"t\":\"connect\",\"v\":1}").get(5, TimeUnit.SECONDS);
    next(requests);
    next(requests); // the poll
    sendGate = new CountDownLatch(1);
    CompletableFuture<Void> first = channel.send("{\"t\":\"ping\",\"id\":1}");
    assertEquals("POST /osmosis/poll/c1d {\"t\":\"ping\",\"id\":1}", next(requests));
    CompletableFuture<Void> second = channel.send("{\"t\":\"ping\",\"id\":2}");
    CompletableFuture<Void> third = channel.send("{\"t\":\"ping\",\"id\":3}");
    Thread.sleep(100);
    assertEquals(0, requests.size(), "one send at a time");
    sendGate.countDown();
    first.get(5, TimeUnit.SECONDS);
    assertEquals(
        "POST /osmosis/poll/c1d [{\"t\":\"ping\",\"id\":2},{\"t\":\"ping\",\"id\":3}]",
        next(requests));
    second.get(5, TimeUnit.SECONDS);
    third.get(5, TimeUnit.SECONDS);
  }

  @Test
  void opening_whenRefusedWithAStatus_thenRefusedError() throws Exception {
    openStatus = 403;
    Channel channel = open();
    channel
        .send("{\"t\":\"connect\",\"v\":1}")
        .handle((ok, error) -> error)
        .get(5, TimeUnit.SECONDS);
    assertEquals("error RefusedException", next(events));
  }
}
