package dev.osmosis.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ingress handlers and rooms with real WebSocket clients: the seed's chat example, bad input, the
 * admin API.
 */
@ExtendWith(ArquillianExtension.class)
class RoomsIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.osmosis().addClass(ProbeHandler.class);
  }

  @ArquillianResource URL base;
  AdminApi admin;

  @BeforeEach
  void setUp() throws Exception {
    admin = new AdminApi(base);
  }

  URI ws(String pathAndQuery) {
    return URI.create(base.toString().replaceFirst("^http", "ws")).resolve(pathAndQuery);
  }

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void chat_whenAliceAndBobJoinGeneral_thenMessagesReachTheOthersAndPresenceFollows()
      throws Exception {
    try (RawSocket alice = new RawSocket(ws("ws/chat?room=general&user=alice"));
        RawSocket carol = new RawSocket(ws("ws/chat?room=other&user=carol"))) {
      JsonObject welcome = json(alice.next());
      assertEquals("welcome", welcome.getString("type"));
      assertEquals("general", welcome.getString("room"));
      assertEquals(List.of("alice"), strings(welcome.getJsonArray("users")));
      assertEquals("welcome", json(carol.next()).getString("type"));

      try (RawSocket bob = new RawSocket(ws("ws/chat?room=general&user=bob"))) {
        assertEquals(List.of("alice", "bob"), strings(json(bob.next()).getJsonArray("users")));
        JsonObject join = json(alice.next());
        assertEquals("join", join.getString("type"));
        assertEquals("bob", join.getString("user"));
        assertEquals(2, join.getInt("members"));

        alice.send("hello bob");
        JsonObject message = json(bob.next());
        assertEquals("message", message.getString("type"));
        assertEquals("alice", message.getString("from"));
        assertEquals("hello bob", message.getString("text"));
        assertTrue(message.getJsonNumber("timestamp").longValue() > 0);

        bob.send("hi alice");
        assertEquals("hi alice", json(alice.next()).getString("text"));
        assertNull(
            bob.messages.poll(300, TimeUnit.MILLISECONDS),
            "broadcastExcept: bob does not get his own");
        assertNull(carol.messages.poll(100, TimeUnit.MILLISECONDS), "another room hears nothing");

        JsonObject room =
            (JsonObject) AdminApi.json(admin.get("rooms/general", "admin", "password"));
        assertEquals(2, room.getInt("members"));
        assertEquals(
            Set.of("alice", "bob"),
            Set.copyOf(
                room.getJsonArray("sessions").stream()
                    .map(s -> s.asJsonObject().getJsonObject("attributes").getString("username"))
                    .toList()));
        assertEquals(
            welcome.getString("id"),
            room.getJsonArray("sessions").getJsonObject(0).getString("id"));
      }
      JsonObject leave = json(alice.next());
      assertEquals("leave", leave.getString("type"));
      assertEquals("bob", leave.getString("user"));
      assertEquals(1, leave.getInt("members"));
      awaitMembers("general", 1);
    }
    awaitMembers("general", 0);
    assertEquals(
        404,
        admin.get("rooms/general", "admin", "password").statusCode(),
        "an emptied room is deleted");
  }

  /**
   * A burst of 1,000 messages from one sender with presence of other members interleaved, written
   * behind each other (several frames per socket write): every member gets each message as its own
   * frame, all of them, in the sender's order, and each joiner's join before its leave.
   */
  @Test
  void chat_whenBurstWithPresenceInterleaved_thenEveryMessageItsOwnFrameCompleteAndInOrder()
      throws Exception {
    int burst = 1_000;
    int joiners = 5;
    try (RawSocket alice = new RawSocket(ws("ws/chat?room=burst&user=alice"));
        RawSocket bob = new RawSocket(ws("ws/chat?room=burst&user=bob"));
        RawSocket carol = new RawSocket(ws("ws/chat?room=burst&user=carol"));
        RawSocket eve = new RawSocket(ws("ws/chat?room=burst&user=eve"))) {
      // each opens with its welcome and hears the later ones join (opens may overlap: any order)
      expectWelcomeAndJoins(alice, 3);
      expectWelcomeAndJoins(bob, 2);
      expectWelcomeAndJoins(carol, 1);
      expectWelcomeAndJoins(eve, 0);
      carol.pause(); // carol's frames back up behind the write in flight

      ExecutorService presence = Executors.newSingleThreadExecutor();
      try {
        Future<?> comings =
            presence.submit(
                () -> {
                  for (int i = 0; i < joiners; i++) {
                    String dave = "dave" + i;
                    try (RawSocket socket = new RawSocket(ws("ws/chat?room=burst&user=" + dave))) {
                      // eve joined after bob and carol: once she has the join, they have it too,
                      // so the leave that follows the close comes after it
                      JsonObject m;
                      do {
                        m = json(eve.next());
                      } while (!(m.getString("type").equals("join")
                          && m.getString("user").equals(dave)));
                    }
                  }
                  return null;
                });
        for (int i = 0; i < burst; i++) {
          alice.send("m" + i);
        }
        comings.get(60, TimeUnit.SECONDS);
      } finally {
        presence.shutdownNow();
      }
      carol.resume();

      List<String> sent = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        sent.add("m" + i);
      }
      for (RawSocket member : List.of(bob, carol)) {
        List<String> texts = new ArrayList<>();
        List<String> comings = new ArrayList<>();
        while (texts.size() < burst || comings.size() < 2 * joiners) {
          JsonObject m = json(member.next()); // one JSON object per frame, or this fails
          switch (m.getString("type")) {
            case "message" -> {
              assertEquals("alice", m.getString("from"));
              texts.add(m.getString("text"));
            }
            case "join", "leave" -> comings.add(m.getString("type") + " " + m.getString("user"));
            default -> throw new AssertionError("unexpected " + m);
          }
        }
        assertEquals(sent, texts, "all of the burst, in the sender's order");
        for (int i = 0; i < joiners; i++) {
          int join = comings.indexOf("join dave" + i);
          int leave = comings.indexOf("leave dave" + i);
          assertTrue(join >= 0 && leave > join, "dave" + i + " joins, then leaves: " + comings);
        }
        assertEquals(2 * joiners, comings.size(), "each presence event once: " + comings);
      }
    }
  }

  /** Reads a welcome and {@code joins} join messages, in any order. */
  private static void expectWelcomeAndJoins(RawSocket member, int joins) throws Exception {
    List<String> types = new ArrayList<>();
    for (int i = 0; i <= joins; i++) {
      types.add(json(member.next()).getString("type"));
    }
    assertEquals(1, types.stream().filter("welcome"::equals).count(), types.toString());
    assertEquals(joins, types.stream().filter("join"::equals).count(), types.toString());
  }

  @Test
  void seedChat_whenAliceAndBobTalk_thenExactlySeed004sMessages() throws Exception {
    try (RawSocket alice = new RawSocket(ws("ws/seed-chat?user=alice"))) {
      JsonObject welcome = json(alice.next());
      assertEquals(Set.of("type", "id"), welcome.keySet(), "the seed's welcome: type and id only");
      assertEquals("welcome", welcome.getString("type"));
      String bobId;
      try (RawSocket bob = new RawSocket(ws("ws/seed-chat?user=bob"))) {
        bobId = json(bob.next()).getString("id");
        assertEquals("{\"type\":\"join\",\"user\":\"bob\"}", alice.next());

        bob.send("hi alice");
        JsonObject message = json(alice.next());
        assertEquals(Set.of("type", "from", "text", "timestamp"), message.keySet());
        assertEquals("bob", message.getString("from"));
        assertEquals("hi alice", message.getString("text"));
        assertTrue(message.getJsonNumber("timestamp").longValue() > 0);
        assertNull(bob.messages.poll(300, TimeUnit.MILLISECONDS), "bob does not get his own");
      }
      assertEquals("{\"type\":\"leave\",\"user\":\"bob\"}", alice.next());
      awaitMembers("chat", 1);
      assertTrue(!bobId.equals(welcome.getString("id")), "server-assigned ids differ");
    }
    awaitMembers("chat", 0);
  }

  @Test
  void adminRooms_whenCalled_thenAuthListGetAnd404() throws Exception {
    assertEquals(401, admin.get("rooms", null, null).statusCode());
    HttpResponse<String> forbidden = admin.get("rooms", "client", "password");
    assertEquals(403, forbidden.statusCode());
    assertTrue(forbidden.body().contains("VIEW_SESSION"), forbidden.body());
    try (RawSocket dave = new RawSocket(ws("ws/chat?room=admin-view&user=dave"))) {
      dave.next();
      JsonArray rooms = (JsonArray) AdminApi.json(admin.get("rooms", "operator", "password"));
      JsonObject mine =
          rooms.stream()
              .map(v -> v.asJsonObject())
              .filter(r -> r.getString("name").equals("admin-view"))
              .findFirst()
              .orElseThrow();
      assertEquals(1, mine.getInt("members"));
      assertTrue(!mine.containsKey("sessions"), "the list shows counts only");
      HttpResponse<String> missing = admin.get("rooms/no-such-room", "admin", "password");
      assertEquals(404, missing.statusCode());
      assertTrue(missing.body().contains("no room no-such-room"), missing.body());
    }
  }

  @Test
  void handshake_whenUnknownHandlerName_then404() {
    CompletionException e =
        assertThrows(
            CompletionException.class,
            () ->
                HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(ws("ws/nosuchhandler"), new WebSocket.Listener() {})
                    .join());
    assertTrue(e.getCause() instanceof WebSocketHandshakeException, String.valueOf(e.getCause()));
    assertEquals(404, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
  }

  @Test
  void handshake_whenManyConcurrentClients_thenEachSessionSeesItsOwnHeadersAndParameters()
      throws Exception {
    int clients = 20;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<RawSocket>> opening = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      URI uri = ws("ws/probe?p=" + i);
      Map<String, String> headers = Map.of("X-Probe", "probe-" + i);
      opening.add(pool.submit(() -> new RawSocket(uri, headers)));
    }
    List<RawSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        RawSocket socket = opening.get(i).get(15, TimeUnit.SECONDS);
        sockets.add(socket);
        JsonObject seen = json(socket.next());
        assertEquals("probe-" + i, seen.getString("probe"), "headers are per connection");
        assertEquals(String.valueOf(i), seen.getString("p"));
        assertEquals("/ws/probe", seen.getString("path"));
        assertTrue(
            Set.of("127.0.0.1", "0:0:0:0:0:0:0:1", "::1").contains(seen.getString("addr")),
            seen.getString("addr"));
      }
    } finally {
      sockets.forEach(RawSocket::close);
      pool.shutdownNow();
    }
  }

  @Test
  void message_whenOversized_thenClosed1009() throws Exception {
    try (RawSocket probe = new RawSocket(ws("ws/probe"))) {
      probe.next();
      probe.sendRefused("x".repeat(70_000));
      assertEquals(1009, probe.awaitClose());
    }
  }

  @Test
  void message_whenBinary_thenClosed1003() throws Exception {
    try (RawSocket probe = new RawSocket(ws("ws/probe"))) {
      probe.next();
      probe.sendBinary(new byte[] {1, 2, 3});
      assertEquals(1003, probe.awaitClose());
    }
  }

  @Test
  void message_whenHandlerThrows_thenLoggedAndSessionStaysOpen() throws Exception {
    try (RawSocket probe = new RawSocket(ws("ws/probe"))) {
      probe.next();
      probe.send("throw");
      probe.send("still there?");
      assertEquals("echo:still there?", probe.next());
    }
  }

  @Test
  void message_whenNotUtf8_thenClosed1007() throws Exception {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /ws/probe HTTP/1.1\r\nHost: "
                  + base.getHost()
                  + ":"
                  + base.getPort()
                  + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  + "Sec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      byte[] payload = {(byte) 0xC3, (byte) 0x28}; // an invalid two-byte UTF-8 sequence
      out.write(
          new byte[] {(byte) 0x81, (byte) (0x80 | payload.length), 0, 0, 0, 0}); // FIN text, mask 0
      out.write(payload);
      out.flush();
      int code = -1;
      for (int frame = 0; frame < 5 && code < 0; frame++) {
        int opcode = in.read() & 0x0F;
        int length = in.read() & 0x7F;
        if (length == 126) {
          length = (in.read() << 8) | in.read();
        }
        byte[] body = in.readNBytes(length);
        if (opcode == 0x8) {
          code = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        }
      }
      assertEquals(1007, code);
    }
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private void awaitMembers(String room, int members) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      HttpResponse<String> r = admin.get("rooms/" + room, "admin", "password");
      int now = r.statusCode() == 404 ? 0 : ((JsonObject) AdminApi.json(r)).getInt("members");
      if (now == members) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("room " + room + " has " + now + " members, expected " + members);
      }
      Thread.sleep(50);
    }
  }

  private static List<String> strings(JsonArray array) {
    return array.getValuesAs(jakarta.json.JsonString.class).stream()
        .map(jakarta.json.JsonString::getString)
        .toList();
  }
}
