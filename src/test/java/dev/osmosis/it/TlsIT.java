package dev.osmosis.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.osmosis.client.AddTopicResult;
import dev.osmosis.client.Osmosis;
import dev.osmosis.client.Session;
import dev.osmosis.client.SessionEstablishmentException;
import dev.osmosis.client.TopicSpecification;
import dev.osmosis.client.TopicType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code wss://} and {@code https://} (docs/SECURITY.md, "TLS"): Payara Micro started with {@code
 * --sslport}, the certificate alias ({@code --sslcert}) and a keystore given as {@code
 * javax.net.ssl.*} system properties in a {@code --systemproperties} file, exactly as documented,
 * with a keystore this test generates with {@code keytool}.
 *
 * <p>Runs in a failsafe run of its own (profile {@code tls-it} in pom.xml): the Arquillian adapter
 * reads its Payara options once per JVM, so {@link Tls} adds the HTTPS options before {@link
 * ArquillianExtension} starts.
 */
@EnabledIfSystemProperty(named = "osmosis.it.tls", matches = "true")
@ExtendWith(TlsIT.Tls.class)
@ExtendWith(ArquillianExtension.class)
class TlsIT {
  static final String ALIAS = "osmosis";
  static final String PASSWORD = "tls-it-secret";

  /** A keystore made with keytool, a free port, and the Payara Micro options that use them. */
  static final class Tls implements BeforeAllCallback {
    static int port;
    static Path keystore;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      if (port != 0) {
        return;
      }
      Path dir = Paths.get("target", "tls-it").toAbsolutePath();
      Files.createDirectories(dir);
      keystore = dir.resolve("keystore.p12");
      Files.deleteIfExists(keystore);
      Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
      Process process =
          new ProcessBuilder(
                  keytool.toString(),
                  "-genkeypair",
                  "-alias",
                  ALIAS,
                  "-keyalg",
                  "EC",
                  "-groupname",
                  "secp256r1",
                  "-validity",
                  "2",
                  "-dname",
                  "CN=localhost",
                  "-ext",
                  "SAN=dns:localhost,ip:127.0.0.1",
                  "-keystore",
                  keystore.toString(),
                  "-storetype",
                  "PKCS12",
                  "-storepass",
                  PASSWORD)
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)
          || process.exitValue() != 0
          || !Files.isRegularFile(keystore)) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      Path properties = dir.resolve("tls.properties");
      Files.writeString(
          properties,
          "javax.net.ssl.keyStore="
              + keystore.toString().replace("\\", "/")
              + "\n"
              + "javax.net.ssl.keyStorePassword="
              + PASSWORD
              + "\n"
              + "javax.net.ssl.keyStoreType=PKCS12\n");
      try (ServerSocket free = new ServerSocket(0)) {
        port = free.getLocalPort();
      }
      String options = System.getProperty("payara.extraMicroOptions", "");
      System.setProperty(
          "payara.extraMicroOptions",
          options
              + " --sslport "
              + port
              + " --sslcert "
              + ALIAS
              + " --systemproperties "
              + properties);
    }
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.osmosis();
  }

  @ArquillianResource URL base;

  @BeforeEach
  void serverDeployed() throws Exception {
    ItServer.awaitDeployed(base);
  }

  /**
   * The server's certificate as the only trusted one (what a client of a self-signed server does).
   */
  static SSLContext trusting() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(Tls.keystore)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    Certificate certificate = keys.getCertificate(ALIAS);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry(ALIAS, certificate);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  String wss() {
    return "wss://localhost:" + Tls.port;
  }

  JsonObject server(SSLContext tls) throws Exception {
    HttpClient https =
        HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
    String basic =
        Base64.getEncoder().encodeToString("admin:password".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        https.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + Tls.port + "/api/v1/server"))
                .header("Authorization", "Basic " + basic)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  @Test
  void javaClient_overWss_thenTopicRoundTripAndTheAdminApiOverHttpsNamesTheTlsWriteRoute()
      throws Exception {
    SSLContext tls = trusting();
    try (Session publisher =
            Osmosis.sessions()
                .sslContext(tls)
                .principal("control")
                .password("password")
                .open(wss());
        Session reader = Osmosis.sessions().sslContext(tls).open(wss())) {
      TopicsIT.Recorder<Long> stream = new TopicsIT.Recorder<>();
      reader.addStream("?tls//", Long.class, stream);
      reader.select("?tls//").get(10, TimeUnit.SECONDS);
      TopicSpecification counter = TopicSpecification.of(TopicType.INT64);
      assertEquals(
          AddTopicResult.ADDED,
          publisher
              .topicUpdate()
              .addAndSet("tls/n", counter, Long.class, 1L)
              .get(10, TimeUnit.SECONDS));
      assertEquals("subscribe tls/n", stream.next());
      assertEquals("value tls/n null -> 1", stream.next());
      // many frames, all readable over TLS
      for (long n = 2; n <= 50; n++) {
        publisher.topicUpdate().set("tls/n", Long.class, n).get(10, TimeUnit.SECONDS);
      }
      long last = 1;
      while (last < 50) { // values may be conflated, never reordered nor garbled
        String event = stream.next();
        assertTrue(event.startsWith("value tls/n " + last + " -> "), event);
        long value = Long.parseLong(event.substring(event.lastIndexOf(' ') + 1));
        assertTrue(value > last, event);
        last = value;
      }
      // no plain ws:// session has been written to on this server yet: the direct route carried
      // nothing
      JsonObject tlsOnly = server(tls);
      assertEquals(
          "tyrus-raw-frame", tlsOnly.getString("secureWebSocketWrites"), tlsOnly.toString());
      assertEquals("tyrus-raw-frame", tlsOnly.getString("webSocketWrites"), tlsOnly.toString());

      // a plain ws:// session on the same server is written to the other way
      try (Session plain = Osmosis.sessions().open(base.toString().replaceFirst("^http", "ws"))) {
        TopicsIT.Recorder<Long> plainStream = new TopicsIT.Recorder<>();
        plain.addStream("tls/n", Long.class, plainStream);
        plain.select("tls/n").get(10, TimeUnit.SECONDS);
        assertEquals("subscribe tls/n", plainStream.next());
        assertEquals("value tls/n null -> 50", plainStream.next());
      }

      JsonObject server = server(tls);
      assertEquals(
          "tyrus-raw-frame",
          server.getString("secureWebSocketWrites"),
          "wss:// sessions fall back from the direct Grizzly route: " + server);
      assertEquals("grizzly-write-queue", server.getString("webSocketWrites"), server.toString());
      publisher.topics().remove("?tls//").get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void javaClient_pollingOverHttps_thenTheSameSslContextIsUsed() throws Exception {
    try (Session polled =
        Osmosis.sessions()
            .sslContext(trusting())
            .principal("client")
            .password("password")
            .transports(dev.osmosis.client.Transport.HTTP_POLLING)
            .connectionTimeout(
                java.time.Duration.ofSeconds(30)) // a password check on a loaded 2-core box
            .open(wss())) {
      assertEquals("HTTP_LONG_POLL", polled.getProperties().get("$Transport"));
      polled.pingServer().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void javaClient_whenTheCertificateIsNotTrusted_thenOpeningFails() {
    // the JVM's default trust store does not know the self-signed certificate
    SessionEstablishmentException refused =
        assertThrows(
            SessionEstablishmentException.class,
            () -> Osmosis.sessions().noReconnection().open(wss()));
    assertEquals(
        dev.osmosis.wire.CloseReason.CONNECTION_ERROR,
        refused.getCloseReason(),
        refused.getMessage());
  }

  @Test
  void browser_overWss_thenTheJavaScriptClientConnectsFromAnHttpsPage() throws Exception {
    Path chromium = Paths.get(System.getProperty("osmosis.chromium", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      throw new IllegalStateException(
          chromium + " is missing: apt-get install -y chromium (see .ci/run)");
    }
    try (Playwright playwright = Playwright.create();
        Browser browser =
            playwright
                .chromium()
                .launch(
                    new BrowserType.LaunchOptions()
                        .setExecutablePath(chromium)
                        .setHeadless(true)
                        .setArgs(
                            List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run")));
        BrowserContext context =
            browser.newContext(new Browser.NewContextOptions().setIgnoreHTTPSErrors(true))) {
      Page page = context.newPage();
      page.navigate("https://localhost:" + Tls.port + "/console/");
      @SuppressWarnings("unchecked")
      Map<String, Object> r =
          (Map<String, Object>)
              page.evaluate(
                  """
          async () => {
            const diffusion = await import('/js/osmosis.js');
            const session = await diffusion.connect({ principal: 'client', credentials: 'password' });
            const url = session._transport && session._transport._ws ? session._transport._ws.url : null;
            const ping = await session.pingServer().then(() => 'ok', (e) => String(e));
            const result = { url, ping, principal: session.getPrincipal(),
                transport: session.getProperties()['$Transport'] };
            await session.closeSession();
            return result;
          }""");
      // the client asks for deflated frames where the browser can inflate them (docs/TOPICS.md
      // "COMPRESSION")
      assertEquals(
          "wss://localhost:" + Tls.port + "/osmosis",
          String.valueOf(r.get("url")).replaceFirst("\\?compression=deflate-raw$", ""),
          r.toString());
      assertEquals("ok", r.get("ping"));
      assertEquals("client", r.get("principal"));
    }
  }
}
