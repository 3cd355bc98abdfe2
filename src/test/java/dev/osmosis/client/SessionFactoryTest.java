package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.client.Session.State;
import dev.osmosis.wire.ClientType;
import dev.osmosis.wire.CloseReason;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionFactoryTest {

  @ParameterizedTest
  @CsvSource({
    "ws://localhost:8080, ws://localhost:8080/osmosis",
    "ws://localhost:8080/, ws://localhost:8080/osmosis",
    "wss://example.com, wss://example.com/osmosis",
    "http://localhost:8080, ws://localhost:8080/osmosis",
    "https://example.com:8443, wss://example.com:8443/osmosis",
    "ws://localhost:8080/custom/path, ws://localhost:8080/custom/path",
    "WS://localhost, ws://localhost/osmosis"
  })
  void serverUri_whenUrl_thenWebSocketUriWithOsmosisPathByDefault(String url, String expected) {
    assertEquals(URI.create(expected), SessionFactory.serverUri(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:8080", "ftp://localhost", "ws://", "not a url", "ws:opaque"})
  void serverUri_whenNotAWebSocketUrl_thenIllegalArgument(String url) {
    assertThrows(IllegalArgumentException.class, () -> SessionFactory.serverUri(url));
  }

  @Test
  void setters_whenCalled_thenNewFactoryAndOriginalUnchanged() {
    SessionFactory base = Osmosis.sessions();
    SessionFactory configured =
        base.principal("client")
            .password("password")
            .properties(Map.of("Department", "Accounts"))
            .property("Team", "Blue")
            .clientType(ClientType.OTHER)
            .connectionTimeout(Duration.ofSeconds(3));
    assertNotSame(base, configured);
    assertEquals(
        Map.of("t", "connect", "v", 1, "clientType", "JAVA", "seq", true, "topics", Map.of()),
        base.config().connectMessage());
    Map<String, Object> connect = configured.config().connectMessage();
    assertEquals("client", connect.get("principal"));
    assertEquals("password", connect.get("credentials"));
    assertEquals("OTHER", connect.get("clientType"));
    assertEquals(Map.of("Department", "Accounts", "Team", "Blue"), connect.get("properties"));
    assertFalse(connect.containsKey("reconnectTimeout"));
    assertEquals(Duration.ofSeconds(3), configured.config().connectionTimeout());
  }

  @Test
  void connectMessage_whenAnonymous_thenNoCredentialsSent() {
    Map<String, Object> connect = Osmosis.sessions().password("ignored").config().connectMessage();
    assertFalse(connect.containsKey("principal"));
    assertFalse(connect.containsKey("credentials"));
  }

  @Test
  void setters_whenInvalid_thenRejected() {
    SessionFactory factory = Osmosis.sessions();
    assertThrows(IllegalArgumentException.class, () -> factory.connectionTimeout(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> factory.reconnectTimeout(Duration.ofSeconds(-1)));
    assertThrows(NullPointerException.class, () -> factory.property("k", null));
    assertThrows(NullPointerException.class, () -> factory.listener(null));
  }

  @Test
  void open_whenNothingListens_thenConnectionErrorAndClosedFailed() throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    List<State> states = new CopyOnWriteArrayList<>();
    SessionEstablishmentException e =
        assertThrows(
            SessionEstablishmentException.class,
            () ->
                Osmosis.sessions()
                    .listener((session, oldState, newState) -> states.add(newState))
                    .open("ws://127.0.0.1:" + freePort));
    assertEquals(CloseReason.CONNECTION_ERROR, e.getCloseReason());
    assertEquals(List.of(State.CLOSED_FAILED), states);
  }

  @Test
  void open_whenServerAcceptsButNeverAnswers_thenConnectionTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      SessionEstablishmentException e =
          assertThrows(
              SessionEstablishmentException.class,
              () ->
                  Osmosis.sessions()
                      .connectionTimeout(Duration.ofMillis(300))
                      .open("ws://127.0.0.1:" + silent.getLocalPort()));
      assertEquals(CloseReason.CONNECTION_TIMEOUT, e.getCloseReason());
      assertTrue(e.getMessage().contains("CONNECTION_TIMEOUT"));
    }
  }

  @Test
  void open_whenServerRefusesTheUpgradeWithHttpStatus_thenHandshakeRejected() throws Exception {
    com.sun.net.httpserver.HttpServer http =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/osmosis",
        exchange -> {
          exchange.sendResponseHeaders(403, -1);
          exchange.close();
        });
    http.start();
    try {
      SessionEstablishmentException e =
          assertThrows(
              SessionEstablishmentException.class,
              () -> Osmosis.sessions().open("ws://127.0.0.1:" + http.getAddress().getPort()));
      assertEquals(CloseReason.HANDSHAKE_REJECTED, e.getCloseReason());
      assertEquals("HTTP 403", e.getServerMessage());
    } finally {
      http.stop(0);
    }
  }

  @Test
  void sslContext_whenSet_thenBothTransportsUseItAndOtherSettersKeepIt() throws Exception {
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(null, null, null);
    SessionFactory factory =
        Osmosis.sessions()
            .sslContext(tls)
            .principal("client")
            .transports(Transport.HTTP_POLLING)
            .noReconnection();
    SessionConfig.Tls set = factory.config().tls();
    assertEquals(tls, set.context());
    assertEquals(tls, set.webSocketClient().sslContext());
    assertEquals(tls, set.pollingClient().sslContext());
    assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, set.pollingClient().version());
    assertEquals(
        null, Osmosis.sessions().config().tls().context(), "the JVM's default context unless set");
    assertThrows(NullPointerException.class, () -> Osmosis.sessions().sslContext(null));
  }

  @ParameterizedTest
  @CsvSource({
    "localhost, 0, false, ws://localhost:80",
    "localhost, 0, true, wss://localhost:443",
    "localHost, 8080, false, ws://localhost:8080",
    "osmosis.example.com, 8443, true, wss://osmosis.example.com:8443",
    "::1, 8080, false, ws://[::1]:8080",
    "[::1], 8080, false, ws://[::1]:8080"
  })
  void serverAddress_whenHostPortSecure_thenSeed002Url(
      String host, int port, boolean secure, String expected) {
    assertEquals(expected, new ServerAddress(host, port, secure).url());
  }

  @Test
  void serverAddress_whenBadHostOrPort_thenIllegalArgument() {
    SessionFactory sessions = Osmosis.sessions();
    assertThrows(IllegalArgumentException.class, () -> sessions.serverPort(0));
    assertThrows(IllegalArgumentException.class, () -> sessions.serverPort(65536));
    assertThrows(IllegalArgumentException.class, () -> sessions.serverHost(" "));
    assertThrows(NullPointerException.class, () -> sessions.serverHost(null));
  }

  @Test
  void open_whenNoUrl_thenConnectsToServerHostAndPort() throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    try (ServerSocket silent = new ServerSocket(0)) {
      SessionFactory factory =
          Osmosis.sessions().connectionTimeout(Duration.ofMillis(300)).serverHost("127.0.0.1");
      // The silent server's port accepts and never answers: a timeout, so open() dialled it...
      SessionEstablishmentException timeout =
          assertThrows(
              SessionEstablishmentException.class,
              () -> factory.serverPort(silent.getLocalPort()).open());
      assertEquals(CloseReason.CONNECTION_TIMEOUT, timeout.getCloseReason());
      // ...and a closed port refuses at once.
      java.util.concurrent.CompletionException failed =
          assertThrows(
              java.util.concurrent.CompletionException.class,
              () -> factory.serverPort(freePort).openAsync().join(),
              "openAsync() fails its future");
      assertEquals(
          CloseReason.CONNECTION_ERROR,
          ((SessionEstablishmentException) failed.getCause()).getCloseReason());
    }
  }

  @Test
  void reconnectionTimeout_whenMillis_thenRequestedInTheHandshake() {
    assertEquals(
        5_000L,
        Osmosis.sessions()
            .reconnectionTimeout(5_000)
            .config()
            .connectMessage()
            .get("reconnectTimeout"));
  }
}
