package dev.osmosis.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.osmosis.client.Session;
import dev.osmosis.wire.CloseReason;
import jakarta.json.JsonObject;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browser client (/js/osmosis.js), the demo page, the admin console and the chat page in a real
 * headless Chromium (Debian's /usr/bin/chromium, driven by Playwright for Java; no browser is
 * downloaded). Scripts run in the page with {@code page.evaluate} as the seeds' JavaScript examples
 * are written, and return what they saw.
 */
@ExtendWith(ArquillianExtension.class)
class BrowserIT {
  private static Playwright playwright;
  private static Browser browser;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.osmosis();
  }

  @ArquillianResource URL base;
  AdminApi admin;
  String url;
  BrowserContext context;
  final List<Session> javaSessions = new ArrayList<>();

  @BeforeAll
  static void launch() {
    playwright = Playwright.create();
    browser = Chromium.launch(playwright);
  }

  @AfterAll
  static void shutdown() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    admin = new AdminApi(base);
    url = base.toString().replaceFirst("^http", "ws");
    context = browser.newContext();
  }

  @AfterEach
  void tearDown() throws Exception {
    context.close();
    for (Session s : javaSessions) {
      s.close();
    }
    awaitSessionCount(0);
  }

  /** A page of this server that opens no session by itself, where scripts import the client. */
  private Page page() {
    Page page = context.newPage();
    page.onConsoleMessage(
        m -> {
          if ("error".equals(m.type())) {
            System.out.println("[browser console] " + m.text());
          }
        });
    page.navigate(base + "console/");
    return page;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> run(Page page, String asyncFunctionBody) {
    return (Map<String, Object>)
        page.evaluate(
            "async () => { const diffusion = await import('/js/osmosis.js');\n"
                + asyncFunctionBody
                + "\n}");
  }

  private static int integer(Object number) {
    return ((Number) number).intValue();
  }

  // ---- the client: connect, events, ping, principal
  // ------------------------------------------------------------

  @Test
  void connect_anonymouslyAndWithPrincipal_thenSessionsWithIdsPrincipalsAndCloseEvent()
      throws Exception {
    Page page = page();
    Map<String, Object> r =
        run(
            page,
            """
        const anonymous = await diffusion.connect({});  // host and port default to the page's
        const client = await diffusion.connect({ principal: 'client', credentials: 'password',
            properties: { Department: 'Accounts' } });
        const result = {
          anonymousId: String(anonymous.sessionId), anonymousPrincipal: anonymous.getPrincipal(),
          clientId: client.sessionId.toString(), clientPrincipal: client.getPrincipal(),
          connected: client.isConnected(), closedBefore: client.isClosed(),
          port: anonymous.options.port, credentialsShown: client.options.credentials,
        };
        const closeEvent = new Promise((resolve) => client.on('close', (reason) => resolve(reason)));
        const byPromise = await client.closeSession();
        const reason = await closeEvent;
        result.closeReason = reason.name;
        result.closeId = reason.id;
        result.closeSessionResult = byPromise.name;
        result.closedAfter = client.isClosed();
        result.connectedAfter = client.isConnected();
        result.pingAfterClose = await client.pingServer().then(() => 'resolved', (e) => e.reason);
        anonymous.close();
        return result;
        """);
    assertTrue(((String) r.get("anonymousId")).matches("[0-9a-f]{16}-[0-9a-f]{16}"), r.toString());
    assertEquals("", r.get("anonymousPrincipal"));
    assertEquals("client", r.get("clientPrincipal"));
    assertNotEquals(r.get("anonymousId"), r.get("clientId"));
    assertEquals(true, r.get("connected"));
    assertEquals(false, r.get("closedBefore"));
    assertEquals(base.getPort(), integer(r.get("port")));
    assertEquals("********", r.get("credentialsShown"), "the password is not kept on the session");
    assertEquals("CLOSED_BY_CLIENT", r.get("closeReason"));
    assertEquals(0, integer(r.get("closeId")));
    assertEquals("CLOSED_BY_CLIENT", r.get("closeSessionResult"));
    assertEquals(true, r.get("closedAfter"));
    assertEquals(false, r.get("connectedAfter"));
    assertEquals("SESSION_CLOSED", r.get("pingAfterClose"));
  }

  @Test
  void connect_whenServerSeesTheBrowserSession_thenFixedPropertiesSayJavascriptBrowser()
      throws Exception {
    Page page = page();
    Map<String, Object> r =
        run(
            page,
            """
        const session = await diffusion.connect({ principal: 'client', credentials: 'password',
            properties: { Department: 'Accounts' } });
        window.keep = session;
        return { id: String(session.sessionId), props: session.getProperties() };
        """);
    JsonObject view =
        AdminApi.json(admin.get("sessions/" + r.get("id"), "admin", "password")).asJsonObject();
    JsonObject p = view.getJsonObject("properties");
    assertEquals("JAVASCRIPT_BROWSER", p.getString("$ClientType"));
    assertEquals("client", p.getString("$Principal"));
    assertEquals("Accounts", p.getString("Department"));
    assertEquals("WEBSOCKET", p.getString("$Transport"));
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) r.get("props");
    assertEquals(r.get("id"), props.get("$SessionId"));
    // a sequenced session would wait for its client for the reconnect timeout (60 s); a page that
    // goes away
    // closes it instead (pagehide), so the server ends it at once
    page.close();
    awaitSessionCount(0);
  }

  @Test
  void connect_whenWrongPasswordBadTransportOrNoServer_thenRejectsWithTheReason() throws Exception {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    Page page = page();
    Map<String, Object> r =
        run(
            page,
            """
        const fail = (p) => p.then(() => ({ resolved: true }),
            (e) => ({ name: e.name, reason: e.reason, code: e.code, message: e.message,
                      closeReason: e.closeReason ? e.closeReason.name : null }));
        const started = performance.now();
        const result = {
          wrongPassword: await fail(diffusion.connect({ principal: 'admin', credentials: 'nope' })),
          unknownPrincipal: await fail(diffusion.connect({ principal: 'mallory', credentials: 'password' })),
          badProperty: await fail(diffusion.connect({ properties: { '(bad)': 'x' } })),
          unknownTransport: await fail(diffusion.connect({ transports: ['WEBSOCKET', 'PIGEON'] })),
        };
        const retryStart = performance.now();
        result.noServer = await fail(diffusion.connect({ host: 'localhost', port: %1$d, retry: { attempts: 2, interval: 300 } }));
        result.retryMillis = performance.now() - retryStart;
        const strategyStart = performance.now();
        result.cascade = await fail(diffusion.connect({ host: 'localhost', port: %1$d, transports: ['WS', 'XHR'],
            initialRetryStrategy: { attempts: 1, interval: 400 } }));
        result.strategyMillis = performance.now() - strategyStart;
        return result;
        """
                .formatted(freePort));
    @SuppressWarnings("unchecked")
    Map<String, Object> wrong = (Map<String, Object>) r.get("wrongPassword");
    assertEquals("OsmosisError", wrong.get("name"), r.toString());
    assertEquals("ACCESS_DENIED", wrong.get("closeReason"));
    assertEquals("ACCESS_DENIED", wrong.get("reason"));
    assertEquals(4, integer(wrong.get("code")));
    assertFalse(((String) wrong.get("message")).isBlank());
    @SuppressWarnings("unchecked")
    Map<String, Object> unknown = (Map<String, Object>) r.get("unknownPrincipal");
    assertEquals("ACCESS_DENIED", unknown.get("closeReason"));
    @SuppressWarnings("unchecked")
    Map<String, Object> bad = (Map<String, Object>) r.get("badProperty");
    assertEquals("HANDSHAKE_REJECTED", bad.get("closeReason"));
    assertTrue(((String) bad.get("message")).contains("(bad)"), bad.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> unknownTransport = (Map<String, Object>) r.get("unknownTransport");
    assertEquals("INVALID_ARGUMENT", unknownTransport.get("reason"), unknownTransport.toString());
    assertTrue(
        ((String) unknownTransport.get("message")).contains("PIGEON"), unknownTransport.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> none = (Map<String, Object>) r.get("noServer");
    assertEquals("CONNECTION_ERROR", none.get("closeReason"), none.toString());
    assertTrue(
        ((Number) r.get("retryMillis")).doubleValue() >= 600,
        "two retries 300 ms apart: " + r.get("retryMillis"));
    @SuppressWarnings("unchecked")
    Map<String, Object> cascade = (Map<String, Object>) r.get("cascade");
    assertEquals("CONNECTION_ERROR", cascade.get("closeReason"), cascade.toString());
    assertTrue(
        ((String) cascade.get("message")).contains("WEBSOCKET:")
            && ((String) cascade.get("message")).contains("HTTP_POLLING:"),
        "both transports were tried: " + cascade);
    assertTrue(
        ((Number) r.get("strategyMillis")).doubleValue() >= 400,
        "one retry 400 ms later: " + r.get("strategyMillis"));
  }

  @Test
  void pingAndChangePrincipal_thenRttAndTheServerSeesTheNewPrincipal() throws Exception {
    Page page = page();
    Map<String, Object> r =
        run(
            page,
            """
        const session = await diffusion.connect({ principal: 'client', credentials: 'password' });
        window.keep = session;
        const ping = await session.pingServer();
        const wrong = await session.changePrincipal('admin', 'wrong').then(() => 'resolved', (e) => e.code + ' ' + e.reason);
        const principalAfterWrong = session.getPrincipal();
        const changed = await session.changePrincipal('admin', 'password');
        return { rtt: ping.rtt, timestamp: ping.timestamp, wrong, principalAfterWrong, changed,
                 principal: session.getPrincipal(), roles: session.getRoles(), id: String(session.sessionId) };
        """);
    double rtt = ((Number) r.get("rtt")).doubleValue();
    assertTrue(rtt > 0 && rtt < 5_000, "rtt " + rtt);
    assertTrue(
        Math.abs(((Number) r.get("timestamp")).longValue() - System.currentTimeMillis()) < 10_000);
    assertEquals("2001 AUTHENTICATION_FAILED", r.get("wrong"));
    assertEquals("client", r.get("principalAfterWrong"));
    assertEquals(true, r.get("changed"));
    assertEquals("admin", r.get("principal"));
    assertEquals(List.of("ADMINISTRATOR"), r.get("roles"));
    JsonObject view =
        AdminApi.json(admin.get("sessions/" + r.get("id"), "admin", "password")).asJsonObject();
    assertEquals("admin", view.getJsonObject("properties").getString("$Principal"));
  }

  // ---- client control (PROTOCOL §8)
  // ---------------------------------------------------------------------------

  @Test
  void clientControl_fromBrowser_thenJavaAndBrowserSessionsAreReadChangedAndClosedByFilter()
      throws Exception {
    CountDownLatch javaClosed = new CountDownLatch(1);
    Session java =
        ItSessions.sessions()
            .property("Department", "Accounts")
            .listener(
                (s, from, to) -> {
                  if (to.isClosed()) {
                    javaClosed.countDown();
                  }
                })
            .open(url);
    javaSessions.add(java);
    String javaId = java.getSessionId().toString();

    Page other = page();
    run(
        other,
        """
        window.other = await diffusion.connect({ properties: { Team: 'red' } });
        window.otherClosed = new Promise((resolve) => window.other.on('close', (reason) => resolve(reason.name)));
        return {};
        """);

    Page control = page();
    Map<String, Object> r =
        run(
            control,
            """
        const control = await diffusion.connect({ principal: 'control', credentials: 'password' });
        window.keep = control;
        const { PropertyKeys } = diffusion.clients;
        const events = [];
        const registration = await control.clients.addSessionPropertiesListener(
            [PropertyKeys.ALL_USER_PROPERTIES, '$Principal'], {
              onSessionOpen: (id, props) => events.push(['OPEN', id, props.Department || null]),
              onSessionEvent: (id, type, props, previous) => events.push([type, id, props.Status || null]),
              onSessionClose: (id, props, reason) => events.push(['CLOSED', id, String(reason.name || reason)]),
            });
        const result = {};
        const props = await control.clients.getSessionProperties('%1$s',
            [PropertyKeys.ALL_FIXED_PROPERTIES, PropertyKeys.ALL_USER_PROPERTIES]);
        result.clientType = props.$ClientType;
        result.department = props.Department;
        result.setByFilter = await control.clients.setSessionProperties('Department is "Accounts"', { Status: 'Closed' });
        result.previous = await control.clients.setSessionProperties('%1$s', { Status: 'Open' });
        result.rolesChanged = await control.clients.changeRoles('Department is "Accounts"', [], ['TOPIC_CONTROL']);
        const bad = await control.clients.close('Department is').then(() => null, (e) => e);
        result.badFilter = { code: bad.code, reason: bad.reason, message: bad.message, position: bad.position ?? null };
        const denied = await (await diffusion.connect({})).clients.close('all').then(() => null, (e) => e.code + ' ' + e.reason);
        result.denied = denied;
        result.closedJava = await control.clients.close('Department is "Accounts"');
        result.closedBrowser = await control.clients.close('Team is "red"');
        await new Promise((resolve) => setTimeout(resolve, 500));
        result.events = events;
        await registration.close();
        return result;
        """
                .formatted(javaId));
    assertEquals("JAVA", r.get("clientType"), r.toString());
    assertEquals("Accounts", r.get("department"));
    assertEquals(1, integer(r.get("setByFilter")));
    assertEquals(Map.of("Status", "Closed"), r.get("previous"));
    assertEquals(1, integer(r.get("rolesChanged")));
    @SuppressWarnings("unchecked")
    Map<String, Object> bad = (Map<String, Object>) r.get("badFilter");
    assertEquals(4001, integer(bad.get("code")));
    assertEquals("INVALID_ARGUMENT", bad.get("reason"));
    assertTrue(String.valueOf(bad.get("message")).contains("13"), "names the position: " + bad);
    assertEquals("3001 PERMISSION_DENIED", r.get("denied"));
    assertEquals(1, integer(r.get("closedJava")));
    assertEquals(1, integer(r.get("closedBrowser")));

    assertTrue(javaClosed.await(10, TimeUnit.SECONDS));
    assertEquals(CloseReason.CLOSED_BY_CONTROLLER, java.getCloseReason().orElseThrow());
    assertEquals("CLOSED_BY_CONTROLLER", other.evaluate("() => window.otherClosed"));

    @SuppressWarnings("unchecked")
    List<List<Object>> events = (List<List<Object>>) r.get("events");
    assertTrue(events.contains(List.of("OPEN", javaId, "Accounts")), events.toString());
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.get(0).equals("UPDATED")
                        && e.get(1).equals(javaId)
                        && "Closed".equals(e.get(2))),
        events.toString());
    assertTrue(
        events.contains(List.of("CLOSED", javaId, "CLOSED_BY_CONTROLLER")), events.toString());
    assertEquals(
        1,
        events.stream().filter(e -> e.get(0).equals("OPEN") && e.get(1).equals(javaId)).count(),
        "OPEN de-duplicated: " + events);
  }

  @Test
  void seedApi_diffusion612Members_thenWorkAgainstTheServerAsTheSeedsWordThem() throws Exception {
    Page page = page();
    Map<String, Object> r =
        run(
            page,
            """
        const json = diffusion.datatypes.json();
        const { SessionEventStreamEventType, SessionState } = diffusion.clients;
        const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
        const until = async (f) => { for (let i = 0; i < 100 && !f(); i++) await wait(50); return f(); };
        const control = await diffusion.connect({ principal: 'control', credentials: 'password' });
        const other = await diffusion.connect({ properties: { Team: 'blue' } });
        window.keep = [control, other];
        const result = {};
        // Session: sessionId object, getSessionProperties (an anonymous session: no VIEW_SESSION)
        result.idText = other.sessionId.toString() === String(other.sessionId) && other.sessionID === String(other.sessionId);
        const own = await other.getSessionProperties();
        result.own = [own.$SessionId === String(other.sessionId), own.$ClientType, '$Roles' in own, 'Team' in own];
        // ClientControl: a session event listener, setSessionPropertiesByFilter, subscribe / unsubscribe
        const events = [];
        const registration = await control.clients.addSessionEventListener({
          onSessionEvent(e) {
            if (String(e.sessionId) === String(other.sessionId)) events.push([e.type, e.state, e.properties.Team || null, e.changedProperties.Team || null]);
          },
          onClose() {}, onError() {},
        }, diffusion.newSessionEventParametersBuilder().properties('Team').build());
        result.byFilter = await control.clients.setSessionPropertiesByFilter(`$SessionId is '${other.sessionId}'`, { Team: 'red' });
        await control.topicUpdate.addAndSet('it/seed/a', diffusion.topics.TopicType.JSON, json, { n: 1 });
        await control.topicUpdate.addAndSet('it/seed/b', diffusion.topics.TopicType.STRING, diffusion.datatypes.string(), 'bee');
        const seen = [];
        other.addStream('?it/seed//', diffusion.datatypes.any()).on({
          value: (path) => seen.push('value ' + path),
          unsubscribe: (path, spec, reason) => seen.push(reason + ' ' + path),
        });
        result.subscribed = await control.clients.subscribe(other.sessionId, 'it/seed/a');
        await until(() => seen.length >= 1);
        result.unsubscribed = await control.clients.unsubscribe(`Team is 'red'`, ['it/seed/a']);
        await until(() => seen.length >= 2);
        result.seen = [...seen];
        result.selfSelected = await other.select('?it/seed//');
        result.selfUnsubscribed = await other.unsubscribe('?it/seed//');
        // messages.send: to a session's request stream, to a path's handler
        const received = [];
        other.messages.setRequestStream('it/seed/inbox', { onRequest(path, message, responder) { received.push(['stream', message]); responder.respond(null); } });
        const handler = await control.messages.addRequestHandler('it/seed/service', { onRequest(message, context, responder) { received.push(['handler', message.get()]); responder.reject('no answer wanted'); } });
        result.sendToSession = await control.messages.send('it/seed/inbox', 'hello', other.sessionId);
        result.sendToPath = await other.messages.send('it/seed/service/x', { hi: 1 }).then(() => 'delivered');
        result.sendNowhere = await control.messages.send('it/seed/nobody', 'x', other.sessionId).then(() => 'resolved', (e) => e.code);
        result.received = received;
        await handler.close();
        // fetch(selector) as a FetchStream; withSizes
        result.fetched = await new Promise((resolve, reject) => {
          const values = [];
          control.fetch('?it/seed//').on('value', (value, path) => values.push([path, value instanceof diffusion.JSONValue ? value.get() : value]))
            .on('close', () => resolve(values)).on('error', reject);
        });
        result.sizes = (await control.fetchRequest().withSizes().fetch('?it/seed//')).results().map((t) => [t.path(), t.valueSize(), t.valueCount(), t.value() === undefined]);
        // the session event listener heard the update and the close
        other.close();
        await until(() => events.some((e) => e[1] === SessionState.CLOSED));
        result.events = events;
        await registration.close();
        await control.topics.remove('?it/seed//');
        result.kinds = [SessionEventStreamEventType.STATE, SessionEventStreamEventType.PROPERTIES, SessionState.ACTIVE, SessionState.CLOSED];
        return result;
        """);
    assertEquals(true, r.get("idText"), r.toString());
    assertEquals(List.of(true, "JAVASCRIPT_BROWSER", false, false), r.get("own"));
    assertEquals(1, integer(r.get("byFilter")));
    assertEquals(1, integer(r.get("subscribed")));
    assertEquals(1, integer(r.get("unsubscribed")));
    assertEquals(List.of("value it/seed/a", "CONTROL it/seed/a"), r.get("seen"));
    assertEquals(2, integer(r.get("selfSelected")));
    assertEquals(2, integer(r.get("selfUnsubscribed")));
    assertEquals(null, r.get("sendToSession"));
    assertEquals("delivered", r.get("sendToPath"));
    assertEquals(4004, integer(r.get("sendNowhere")));
    assertEquals(
        List.of(List.of("stream", "hello"), List.of("handler", Map.of("hi", 1))),
        r.get("received"));
    assertEquals(
        List.of(List.of("it/seed/a", Map.of("n", 1)), List.of("it/seed/b", "bee")),
        r.get("fetched"));
    // {"n":1} is 7 UTF-8 bytes, "bee" 5 (its JSON string); values were fetched only to measure them
    assertEquals(
        List.of(List.of("it/seed/a", 7, 1, true), List.of("it/seed/b", 5, 1, true)),
        r.get("sizes"));
    // STATE 0, PROPERTIES 1; ACTIVE 0, CLOSED 4
    assertEquals(List.of(0, 1, 0, 4), r.get("kinds"));
    assertEquals(
        List.of(
            java.util.Arrays.asList(0, 0, "blue", null),
            List.of(1, 0, "red", "blue"),
            java.util.Arrays.asList(0, 4, null, null)),
        r.get("events"));
  }

  // ---- topics (PROTOCOL §9), once the server has them
  // ------------------------------------------------------------

  /**
   * COMPRESSION (docs/TOPICS.md): Chromium asks for deflated frames; large updates of a compressed
   * topic come as binary frames, inflated (DecompressionStream) to the values set, in order with
   * the small text frames between them.
   */
  @Test
  void compression_largeAndSmallUpdatesInterleaved_thenValuesRightAndInOrder() throws Exception {
    Page page = page();
    Map<String, Object> r =
        run(
            page,
            """
        const json = diffusion.datatypes.json();
        const { TopicType, TopicSpecification } = diffusion.topics;
        const publisher = await diffusion.connect({ principal: 'control', credentials: 'password' });
        const reader = await diffusion.connect({});
        window.keep = [publisher, reader];
        const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
        const until = async (f) => { for (let i = 0; i < 200 && !f(); i++) await wait(50); return f(); };
        const spec = new TopicSpecification(TopicType.JSON, { COMPRESSION: 'low' });
        const n = 12;
        for (let i = 0; i < n; i++) await publisher.topics.add(`zip/b/${i}`, spec);
        let binary = 0;
        reader._transport._ws.addEventListener('message', (e) => { if (typeof e.data !== 'string') binary++; });
        const seen = [];
        reader.addStream('?zip/b//', json).on('value', (topic, s, v) => seen.push([topic, JSON.stringify(v.get())]));
        await reader.select('?zip/b//');
        const rows = (i) => ({ rows: Array.from({ length: 400 }, (_, k) => ({ sym: `S${i}-${k}`, bid: 100 + k % 17 })) });
        const values = [];
        for (let i = 0; i < n; i++) values.push(i % 2 === 0 ? rows(i) : { small: i });
        await Promise.all(values.map((v, i) => publisher.topicUpdate.set(`zip/b/${i}`, json, v)));
        await until(() => seen.length >= n);
        const expected = values.map((v, i) => [`zip/b/${i}`, JSON.stringify(v)]);
        await publisher.topics.remove('?zip/b//');
        return { same: JSON.stringify(seen) === JSON.stringify(expected), seen: seen.map((e) => e[0]), binary,
                 inflate: typeof DecompressionStream };
        """);
    assertEquals("function", r.get("inflate"), "Chromium has DecompressionStream");
    assertEquals(true, r.get("same"), "values equal and in order: " + r.get("seen"));
    assertTrue(integer(r.get("binary")) >= 1, "deflated frames came: " + r.get("binary"));
  }

  @Test
  void topics_addAndSetSelectStreamUpdateAndLateStream_thenValuesAndTheCache() throws Exception {
    Page page = page();
    Object supported =
        page.evaluate(
            """
        async () => {
          const diffusion = await import('/js/osmosis.js');
          const s = await diffusion.connect({});
          try { await s.select('probe/none'); return true; }
          catch (e) { return e.code === diffusion.errors.ErrorCode.UNKNOWN_MESSAGE_TYPE.code ? false : e.message; }
          finally { s.close(); }
        }""");
    assumeTrue(
        Boolean.TRUE.equals(supported),
        "the server answers topic messages with "
            + supported
            + ": topics are not on this server yet");
    Map<String, Object> r =
        run(
            page,
            """
        const json = diffusion.datatypes.json();
        const { TopicType, TopicSpecification } = diffusion.topics;
        const publisher = await diffusion.connect({ principal: 'control', credentials: 'password' });
        const reader = await diffusion.connect({});
        window.keep = [publisher, reader];
        const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
        const until = async (f) => { for (let i = 0; i < 100 && !f(); i++) await wait(50); return f(); };

        const seen = [];
        const subscribed = [];
        // subscribe before the topic exists (seed 003: any order)
        await reader.select('?it/browser//');
        reader.addStream('?it/browser//', json)
          .on('subscribe', (topic, spec) => subscribed.push(topic + ' ' + spec.type))
          .on('value', (topic, spec, newValue, oldValue) =>
              seen.push([topic, newValue.get(), oldValue === undefined ? null : oldValue.get()]));
        const added = await publisher.topicUpdate.addAndSet('it/browser/price', TopicType.JSON, json, { bid: 1, ask: 2 });
        await until(() => seen.length >= 1);
        await publisher.topicUpdate.set('it/browser/price', json, { bid: 1.5, ask: 2 });
        await until(() => seen.length >= 2);

        // a stream added after the subscription receives the cached value at once
        const late = [];
        reader.addStream('it/browser/price', json).on('value', (topic, spec, v, old) => late.push([v.get(), old === undefined]));
        await until(() => late.length >= 1);

        // a DONT_RETAIN_VALUE topic is not cached: a late stream gets nothing until the next update
        await publisher.topics.add('it/browser/ticks', new TopicSpecification(TopicType.JSON, { DONT_RETAIN_VALUE: 'true' }));
        const early = [];
        reader.addStream('it/browser/ticks', json).on('value', (t, s, v) => early.push(v.get()));
        await publisher.topicUpdate.set('it/browser/ticks', json, { n: 7 });
        await until(() => early.length >= 1);
        const lateTicks = [];
        reader.addStream('it/browser/ticks', json).on('value', (t, s, v) => lateTicks.push(v.get()));
        await wait(300);
        const lateTicksBefore = lateTicks.length;

        // a JSON delta (RFC 6902) is applied to the cached value: a big object with one small change
        const frames = [];
        reader._transport._ws.addEventListener('message', (e) => frames.push(e.data)); // the client's own WebSocket
        const big = [];
        reader.addStream('it/browser/big', json).on('value', (t, s, v, old) => big.push([v.get().n, v.get().text.length, old ? old.get().n : null]));
        await publisher.topicUpdate.addAndSet('it/browser/big', TopicType.JSON, json, { text: 'x'.repeat(300), n: 1 });
        await until(() => big.length >= 1);
        await publisher.topicUpdate.set('it/browser/big', json, { text: 'x'.repeat(300), n: 2 });
        await until(() => big.length >= 2);
        const deltas = frames.filter((f) => f.includes('"t":"delta"')).length;

        const unsubscribed = [];
        reader.addStream('it/browser//', json).on('unsubscribe', (topic, spec, reason) => unsubscribed.push(topic + ' ' + reason));
        const removed = await publisher.topics.remove('?it/browser//');
        await until(() => unsubscribed.length >= 3);  // all three removed topics (they may arrive in any order)
        const badSelector = await reader.select('?it/[').then(() => null, (e) => e.code);
        return { added: added.added, seen, subscribed, late, early, lateTicksBefore, removed: removed.removedCount,
                 unsubscribed, badSelector, big, deltas };
        """);
    assertEquals(true, r.get("added"), r.toString());
    assertEquals(List.of("it/browser/price JSON"), ((List<?>) r.get("subscribed")).subList(0, 1));
    @SuppressWarnings("unchecked")
    List<List<Object>> seen = (List<List<Object>>) r.get("seen");
    assertEquals("it/browser/price", seen.get(0).get(0));
    assertEquals(Map.of("bid", 1, "ask", 2), seen.get(0).get(1));
    assertEquals(Map.of("bid", 1.5, "ask", 2), seen.get(1).get(1));
    assertEquals(Map.of("bid", 1, "ask", 2), seen.get(1).get(2), "oldValue is the previous value");
    assertEquals(List.of(List.of(Map.of("bid", 1.5, "ask", 2), true)), r.get("late"));
    assertEquals(List.of(Map.of("n", 7)), r.get("early"));
    assertEquals(0, integer(r.get("lateTicksBefore")), "DONT_RETAIN_VALUE values are not cached");
    assertEquals(
        List.of(List.of(1, 300), List.of(2, 300, 1)).toString(),
        ((List<?>) r.get("big"))
            .stream()
                .map(e -> ((List<?>) e).stream().filter(x -> x != null).toList())
                .toList()
                .toString());
    assertTrue(integer(r.get("deltas")) >= 1, "the update came as a delta: " + r.get("deltas"));
    assertEquals(3, integer(r.get("removed")));
    assertTrue(
        ((List<?>) r.get("unsubscribed")).contains("it/browser/price REMOVAL"), r.toString());
    assertEquals(4001, integer(r.get("badSelector")));
  }

  @Test
  void demoPage_thenConnectsAndShowsSelectionOrSaysTopicsAreMissing() {
    Page page = context.newPage();
    page.navigate(base.toString());
    Locator status = page.locator("#status");
    page.waitForFunction(
        "() => !document.getElementById('status').textContent.startsWith('connecting')");
    page.waitForFunction(
        "() => /selected|does not support topics/.test(document.getElementById('status').textContent)");
    String text = status.textContent();
    assertTrue(page.locator("a[href='/chat/']").count() > 0, "the index links the chat");
    if (text.contains("does not support topics")) {
      assertTrue(status.getAttribute("class").contains("error"));
      return;
    }
    assertTrue(text.contains("selected ?demo//"), text);
    page.fill("#pubPath", "demo/browser-it");
    page.fill("#pubValue", "{\"n\":42}");
    page.click("#publish button");
    page.locator("tr[data-topic='demo/browser-it'] .value").waitFor();
    page.waitForFunction(
        "() => document.querySelector(\"tr[data-topic='demo/browser-it'] .value\").textContent === '{\"n\":42}'");
  }

  // ---- the console
  // -------------------------------------------------------------------------------------------------

  @Test
  void console_signInSeeFilterAndCloseSessions() throws Exception {
    CountDownLatch javaClosed = new CountDownLatch(1);
    Session java =
        ItSessions.sessions()
            .principal("client")
            .password("password")
            .property("Department", "Accounts")
            .listener(
                (s, from, to) -> {
                  if (to.isClosed()) {
                    javaClosed.countDown();
                  }
                })
            .open(url);
    javaSessions.add(java);
    Session other = ItSessions.sessions().property("Department", "Payroll").open(url);
    javaSessions.add(other);
    String javaId = java.getSessionId().toString();

    Page page = context.newPage();
    page.onDialog(d -> d.accept());
    page.navigate(base + "console/");
    page.fill("#user", "admin");
    page.fill("#password", "wrong");
    page.click("#signin button");
    page.locator("#signinError")
        .filter(new Locator.FilterOptions().setHasText("refused"))
        .waitFor();
    assertTrue(page.locator("#app").isHidden());

    page.fill("#password", "password");
    page.click("#signin button");
    page.locator("#app").waitFor();
    assertEquals("", page.inputValue("#password"), "the password field is cleared");
    page.locator("#sessions tr[data-id='" + javaId + "']").waitFor();
    assertEquals(2, page.locator("#sessions tr").count());

    // the chart polls /api/v1/server every second
    page.waitForFunction("() => document.getElementById('lastSessions').textContent === '2'");
    page.waitForFunction("() => document.getElementById('lastRooms').textContent === '0'");

    page.fill("#filter", "Department is \"Accounts\"");
    page.click("#filterForm button");
    page.waitForFunction("() => document.querySelectorAll('#sessions tr').length === 1");
    assertEquals(javaId, page.locator("#sessions tr").first().getAttribute("data-id"));

    page.fill("#filter", "Department is");
    page.click("#filterForm button");
    page.locator("#filterCaret").waitFor();
    String caret = page.locator("#filterCaret").textContent();
    assertTrue(caret.contains("^ position "), caret);
    assertFalse(page.locator("#sessionsError").textContent().isBlank());

    // details, then close from the details panel
    page.fill("#filter", "");
    page.click("#filterForm button");
    page.locator("#sessions tr[data-id='" + javaId + "']").click();
    page.locator("#details").waitFor();
    assertTrue(page.locator("#detailsBody").textContent().contains("\"Department\": \"Accounts\""));
    page.click("#closeOne");
    assertTrue(javaClosed.await(10, TimeUnit.SECONDS));
    assertEquals(CloseReason.CLOSED_BY_CONTROLLER, java.getCloseReason().orElseThrow());
    page.locator("#sessions tr[data-id='" + javaId + "']")
        .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));

    // close by filter
    page.fill("#filter", "Department is 'Payroll'");
    page.click("#closeMatching");
    page.waitForFunction("() => document.querySelectorAll('#sessions tr').length === 0");
    awaitSessionCount(0);
    assertTrue(other.getState().isClosed());
  }

  // ---- the chat page (rooms)
  // ---------------------------------------------------------------------------------------

  @Test
  void chat_twoPages_thenAMessageArrives() {
    Page alice = context.newPage();
    Page bob = browser.newContext().newPage();
    try {
      for (Page[] p : new Page[][] {{alice}, {bob}}) {
        p[0].navigate(base + "chat/");
      }
      alice.fill("#room", "it-room");
      alice.fill("#user", "alice");
      alice.click("#join button");
      alice
          .locator("#status")
          .filter(new Locator.FilterOptions().setHasText(Pattern.compile("^connected$")))
          .waitFor();
      bob.fill("#room", "it-room");
      bob.fill("#user", "bob");
      bob.click("#join button");
      alice
          .locator("#log li")
          .filter(new Locator.FilterOptions().setHasText("bob joined"))
          .waitFor();
      bob.locator("#text:enabled").waitFor();
      bob.fill("#text", "hello from bob");
      bob.click("#send button");
      alice
          .locator("#log li")
          .filter(new Locator.FilterOptions().setHasText("bob: hello from bob"))
          .waitFor();
      assertEquals("2", alice.locator("#count").textContent());
    } finally {
      bob.context().close();
    }
  }

  // ---- messaging (PROTOCOL §10): a browser handler, requests to a session and to a filter
  // ---------------------------

  @Test
  void messaging_browserHandler_thenAnswersJavaAndBrowserRequestsRejectsAndConflicts()
      throws Exception {
    Page page = page();
    run(
        page,
        """
        const service = await diffusion.connect({ principal: 'control', credentials: 'password' });
        window.service = service;
        window.handled = [];
        window.registration = await service.messages.addRequestHandler('it/orders', {
          onRequest(request, context, responder) {
            const team = context.sessionProperties.Team || 'nobody';
            window.handled.push([context.path, context.sessionId]);
            if (typeof request === 'string') {
              if (request === 'bad') { responder.reject('no bad orders'); return; }
              responder.respond('accepted ' + request + ' for ' + team);
            } else {
              responder.respond({ accepted: request.get().qty, team });
            }
          },
          onClose() { window.handlerClosed = true; },
        }, ['Team']);
        return {};
        """);
    Session java =
        ItSessions.sessions()
            .principal("client")
            .password("password")
            .property("Team", "blue")
            .open(url);
    javaSessions.add(java);
    String fromJava =
        java.messages()
            .sendRequest("it/orders/new", "3 apples", String.class, String.class)
            .get(10, TimeUnit.SECONDS);
    assertEquals("accepted 3 apples for blue", fromJava);

    Map<String, Object> r =
        run(
            page,
            """
        const client = await diffusion.connect({ principal: 'client', credentials: 'password', properties: { Team: 'red' } });
        window.client = client;
        const fail = (p) => p.then((v) => 'resolved ' + v, (e) => e.code + ' ' + e.reason + ' ' + e.message);
        const json = await client.messages.sendRequest('it/orders/new', { qty: 3 });
        const typed = await client.messages.sendRequest('it/orders', 'pears', diffusion.datatypes.string(), diffusion.datatypes.string());
        const rejected = await fail(client.messages.sendRequest('it/orders', 'bad'));
        const noHandler = await fail(client.messages.sendRequest('it/nobody/home', 'hello'));
        const other = await diffusion.connect({ principal: 'control', credentials: 'password' });
        const conflict = await fail(other.messages.addRequestHandler('it/orders', { onRequest() {} }));
        const denied = await fail(client.messages.addRequestHandler('it/mine', { onRequest() {} }));
        other.close();
        const handled = window.handled;
        const removed = await window.registration.close();
        const afterClose = await fail(client.messages.sendRequest('it/orders', 'late'));
        return { json: json.get(), typed, rejected, noHandler, conflict, denied, handled, clientId: String(client.sessionId),
                 removed, afterClose, handlerClosed: window.handlerClosed === true };
        """);
    assertEquals(Map.of("accepted", 3, "team", "red"), r.get("json"), r.toString());
    assertEquals("accepted pears for red", r.get("typed"));
    assertTrue(((String) r.get("rejected")).startsWith("4010 REJECTED_REQUEST"), r.toString());
    assertTrue(((String) r.get("rejected")).contains("no bad orders"), r.toString());
    assertTrue(((String) r.get("noHandler")).startsWith("4004 NOT_FOUND"), r.toString());
    assertTrue(((String) r.get("conflict")).startsWith("4009 HANDLER_CONFLICT"), r.toString());
    assertTrue(((String) r.get("denied")).startsWith("3001 PERMISSION_DENIED"), r.toString());
    @SuppressWarnings("unchecked")
    List<List<Object>> handled = (List<List<Object>>) r.get("handled");
    assertEquals(List.of("it/orders/new", java.getSessionId().toString()), handled.get(0));
    assertEquals(List.of("it/orders/new", r.get("clientId")), handled.get(1));
    assertEquals(true, r.get("removed"));
    assertEquals(true, r.get("handlerClosed"));
    assertTrue(((String) r.get("afterClose")).startsWith("4004"), r.toString());
  }

  @Test
  void messaging_toSessionsAndFilter_thenStreamsAnswerAndMissingStreamIsAnError() throws Exception {
    Page page = page();
    Map<String, Object> targets =
        run(
            page,
            """
        const stream = (name) => ({ onRequest(path, request, responder) {
          responder.respond(typeof request === 'number' ? request + 2 : name + ' got ' + request + ' at ' + path); } });
        const a = await diffusion.connect({ properties: { Team: 'red' } });
        const b = await diffusion.connect({ properties: { Team: 'red' } });
        const c = await diffusion.connect({ properties: { Team: 'red' } });  // no stream: answers 4004
        a.messages.setRequestStream('it/chat', stream('a'));
        b.messages.setRequestStream('it/chat', stream('b'));
        const replaced = b.messages.setRequestStream('it/chat', stream('b2'));
        window.targets = [a, b, c];
        return { a: String(a.sessionId), b: String(b.sessionId), c: String(c.sessionId), replaced: replaced !== undefined };
        """);
    assertEquals(true, targets.get("replaced"), "setRequestStream returns the stream it replaces");
    Session java = ItSessions.sessions().principal("control").password("password").open(url);
    javaSessions.add(java);
    String toA =
        java.messages()
            .sendRequest(
                dev.osmosis.client.SessionId.of((String) targets.get("a")),
                "it/chat",
                "hello",
                String.class,
                String.class)
            .get(10, TimeUnit.SECONDS);
    assertEquals("a got hello at it/chat", toA);

    Map<String, Object> r =
        run(
            page,
            """
        const sender = await diffusion.connect({ principal: 'control', credentials: 'password' });
        window.sender = sender;
        const [a, b, c] = window.targets;
        const fail = (p) => p.then((v) => 'resolved ' + v, (e) => e.code + ' ' + e.reason);
        const toB = await sender.messages.sendRequest('it/chat', 'hi', b.sessionId);
        const toC = await fail(sender.messages.sendRequest('it/chat', 'hi', c.sessionId));
        const responses = [];
        const errors = [];
        let done;
        const all = new Promise((resolve) => { done = resolve; });
        const count = await sender.messages.sendRequestToFilter("Team is 'red'", 'it/chat', 40, {
          onResponse(sessionId, response) { responses.push([sessionId, response]); if (responses.length + errors.length === 3) done(); },
          onResponseError(sessionId, error) { errors.push([sessionId, error.code]); if (responses.length + errors.length === 3) done(); },
        }, diffusion.datatypes.int64(), diffusion.datatypes.int64());
        await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 5000))]);
        const none = await sender.messages.sendRequestToFilter("Team is 'green'", 'it/chat', 'x', { onResponse() {} });
        const badFilter = await fail(sender.messages.sendRequestToFilter('Team is', 'it/chat', 'x', { onResponse() {} }));
        const removed = a.messages.removeRequestStream('it/chat') !== undefined;
        const afterRemove = await fail(sender.messages.sendRequest('it/chat', 'hi', a.sessionId));
        return { toB, toC, count, responses, errors, none, badFilter, removed, afterRemove };
        """);
    assertEquals("b2 got hi at it/chat", r.get("toB"), r.toString());
    assertEquals("4004 NOT_FOUND", r.get("toC"));
    assertEquals(3, integer(r.get("count")));
    @SuppressWarnings("unchecked")
    List<List<Object>> responses = (List<List<Object>>) r.get("responses");
    assertEquals(2, responses.size(), r.toString());
    assertTrue(responses.stream().allMatch(x -> integer(x.get(1)) == 42), r.toString());
    assertEquals(List.of(List.of(targets.get("c"), 4004)), r.get("errors"));
    assertEquals(0, integer(r.get("none")));
    assertTrue(((String) r.get("badFilter")).startsWith("4001"), r.toString());
    assertEquals(true, r.get("removed"));
    assertEquals("4004 NOT_FOUND", r.get("afterRemove"));
  }

  // ---- session locks across two browser sessions
  // ----------------------------------------------------------------

  @Test
  void locks_twoBrowserSessions_thenTheSecondWaitsAndIsGrantedInOrder() throws Exception {
    Page first = page();
    Page second = page();
    Map<String, Object> a =
        run(
            first,
            """
        const a = await diffusion.connect({ principal: 'control', credentials: 'password' });
        window.a = a;
        window.lockA = await a.lock('it/book');
        return { name: window.lockA.getName(), sequence: window.lockA.getSequence(), scope: window.lockA.getScope(),
                 owned: window.lockA.isOwned() };
        """);
    assertEquals("it/book", a.get("name"));
    assertEquals("UNLOCK_ON_SESSION_LOSS", a.get("scope"));
    assertEquals(true, a.get("owned"));
    run(
        second,
        """
        const b = await diffusion.connect({ principal: 'control', credentials: 'password' });
        window.b = b;
        window.granted = null;
        window.waiting = b.lock('it/book', diffusion.locks.SessionLockScope.UNLOCK_ON_CONNECTION_LOSS)
          .then((lock) => { window.granted = lock; return lock; });
        await b.pingServer();  // the lock request reached the server before the ping's answer
        return {};
        """);
    Thread.sleep(300);
    assertEquals(null, second.evaluate("() => window.granted"), "b waits while a owns the lock");
    Map<String, Object> released =
        run(
            first,
            """
        const again = await window.a.lock('it/book');  // the owner asking again: at once, same sequence
        const sameSequence = again.getSequence() === window.lockA.getSequence();
        const released = await window.lockA.unlock();
        const twice = await window.lockA.unlock();
        const client = await diffusion.connect({});
        const denied = await client.lock('it/book').then(() => 'granted', (e) => e.code + ' ' + e.reason);
        client.close();
        return { sameSequence, released, twice, ownedAfter: window.lockA.isOwned(), denied };
        """);
    assertEquals(true, released.get("sameSequence"), released.toString());
    assertEquals(true, released.get("released"));
    assertEquals(false, released.get("twice"), "a stale handle releases nothing");
    assertEquals(false, released.get("ownedAfter"));
    assertEquals("3001 PERMISSION_DENIED", released.get("denied"));
    Map<String, Object> b =
        run(
            second,
            """
        const lock = await window.waiting;
        const result = { sequence: lock.getSequence(), owned: lock.isOwned(), scope: lock.getScope() };
        await window.b.closeSession();
        result.ownedAfterClose = lock.isOwned();
        return result;
        """);
    assertTrue(
        ((Number) b.get("sequence")).longValue() > ((Number) a.get("sequence")).longValue(),
        b + " after " + a);
    assertEquals(true, b.get("owned"));
    assertEquals("UNLOCK_ON_CONNECTION_LOSS", b.get("scope"));
    assertEquals(false, b.get("ownedAfterClose"));
    // b's session ended: the lock is free again
    Map<String, Object> again =
        run(
            first,
            """
        const lock = await Promise.race([window.a.lock('it/book'), new Promise((r) => setTimeout(() => r(null), 5000))]);
        return { owned: lock !== null && lock.isOwned() };
        """);
    assertEquals(true, again.get("owned"));
  }

  // ---- fetch, topic notifications, a missing topic handler
  // -------------------------------------------------------

  @Test
  void topicUpdate_constraintsPatchAndUpdateStreams_thenServerChecksThem() throws Exception {
    Page page = page();
    Map<String, Object> r =
        run(
            page,
            """
        const json = diffusion.datatypes.json();
        const int64 = diffusion.datatypes.int64();
        const c = diffusion.updateConstraints();
        const { TopicType } = diffusion.topics;
        const s = await diffusion.connect({ principal: 'control', credentials: 'password' });
        const other = await diffusion.connect({ principal: 'control', credentials: 'password' });
        window.keep = [s, other];
        const code = (p) => p.then(() => null, (e) => e.code);
        const out = {};
        out.added = await s.topicUpdate.addAndSet('it/c/doc', TopicType.JSON, json, { state: 'open', qty: 1 }, c.noTopic());
        out.again = await code(s.topicUpdate.addAndSet('it/c/doc', TopicType.JSON, json, { state: 'open' }, c.noTopic()));
        const lock = await s.lock('it/c/lock');
        await s.topicUpdate.set('it/c/doc', json, { state: 'open', qty: 2 },
            { constraint: c.locked(lock).and(c.jsonValue().with('/state', 'open').without('/closedBy')) });
        out.notOwner = await code(other.topicUpdate.set('it/c/doc', json, { state: 'x' }, { constraint: c.locked(lock) }));
        await s.topicUpdate.applyJsonPatch('it/c/doc', [{ op: 'replace', path: '/state', value: 'filled' }]);
        out.failedTest = await code(s.topicUpdate.applyJsonPatch('it/c/doc', '[{"op":"test","path":"/state","value":"open"}]'));
        const fetched = await s.fetchRequest().withValues(json).fetch('it/c/doc');
        out.doc = fetched.results()[0].value().get();
        await s.topicUpdate.addAndSet('it/c/n', TopicType.INT64, int64, 0);
        out.valueOk = await code(s.topicUpdate.set('it/c/n', int64, 1, { constraint: c.value(0, int64) }));
        out.valueStale = await code(s.topicUpdate.set('it/c/n', int64, 2, { constraint: c.value(0, int64) }));
        const stream = s.topicUpdate.newUpdateStreamBuilder().build('it/c/n', int64);
        await stream.set(5);
        await stream.set(6);
        await other.topicUpdate.set('it/c/n', int64, 99);
        out.streamAfterOther = await code(stream.set(7));
        out.streamValid = stream.validate();
        await lock.unlock();
        await s.topics.remove('?it/c//');
        return out;
        """);
    assertEquals(true, ((Map<?, ?>) r.get("added")).get("added"));
    assertEquals(4012, integer(r.get("again")), "noTopic: the topic existed");
    assertEquals(
        4012, integer(r.get("notOwner")), "locked: the other session does not hold the lock");
    assertEquals(4001, integer(r.get("failedTest")), "a failed test operation changes nothing");
    assertEquals(Map.of("state", "filled", "qty", 2), r.get("doc"));
    assertEquals(null, r.get("valueOk"));
    assertEquals(4012, integer(r.get("valueStale")));
    assertEquals(
        4012, integer(r.get("streamAfterOther")), "someone else's update invalidates the stream");
    assertEquals(false, r.get("streamValid"));
  }

  @Test
  void fetch_withValuesPropertiesRangesAndLimits_thenResultsInPathOrder() throws Exception {
    Page page = page();
    Map<String, Object> r =
        run(
            page,
            """
        const json = diffusion.datatypes.json();
        const { TopicType, TopicSpecification } = diffusion.topics;
        const s = await diffusion.connect({ principal: 'control', credentials: 'password' });
        window.keep = s;
        await s.topicUpdate.addAndSet('it/fetch/a', TopicType.JSON, json, { n: 1 });
        await s.topicUpdate.addAndSet('it/fetch/b', new TopicSpecification(TopicType.JSON, { PRIORITY: 'high' }), json, { n: 2 });
        await s.topicUpdate.addAndSet('it/fetch/b/c', TopicType.JSON, json, { n: 3 });
        await s.topicUpdate.addAndSet('it/fetch/s', TopicType.STRING, diffusion.datatypes.string(), 'text');
        await s.topics.add('it/fetch/empty', TopicType.JSON);
        const show = (result) => result.results().map((t) => [t.path(), t.type(),
            t.value() === undefined ? null : (t.value() instanceof diffusion.JSONValue ? t.value().get() : t.value())]);
        const all = await s.fetchRequest().withValues().withProperties().fetch('?it/fetch//');
        const onlyJson = await s.fetchRequest().withValues(json).fetch('?it/fetch//');
        const noValues = await s.fetchRequest().fetch('?it/fetch//');
        const page1 = await s.fetchRequest().after('it/fetch/a').first(2).fetch('?it/fetch//');
        const lastOne = await s.fetchRequest().last(1).withValues(diffusion.datatypes.string()).fetch('?it/fetch//');
        const types = await s.fetchRequest().topicTypes([TopicType.STRING]).fetch('?it/fetch//');
        const range = await s.fetchRequest().from('it/fetch/b').before('it/fetch/empty').fetch('?it/fetch//');
        const deep = await s.fetchRequest().limitDeepBranches(3, 1).fetch('?it/fetch//');
        const bad = await s.fetchRequest().fetch('?it/[').then(() => null, (e) => e.code);
        const badOptions = (() => { try { s.fetchRequest().first(0); return null; } catch (e) { return e.reason; } })();
        await s.topics.remove('?it/fetch//');
        return { all: show(all), allMore: all.hasMore(), priority: all.results()[1].specification().properties.PRIORITY,
                 onlyJson: show(onlyJson), noValues: show(noValues), page1: show(page1), page1More: page1.hasMore(),
                 lastOne: show(lastOne), types: show(types), range: show(range), deep: show(deep), bad, badOptions };
        """);
    assertEquals(
        List.of(
            List.of("it/fetch/a", "JSON", Map.of("n", 1)),
            List.of("it/fetch/b", "JSON", Map.of("n", 2)),
            List.of("it/fetch/b/c", "JSON", Map.of("n", 3)),
            java.util.Arrays.asList("it/fetch/empty", "JSON", null),
            List.of("it/fetch/s", "STRING", "text")),
        r.get("all"),
        r.toString());
    assertEquals(false, r.get("allMore"));
    assertEquals("high", r.get("priority"));
    assertEquals(
        4,
        ((List<?>) r.get("onlyJson")).size(),
        "withValues(json) keeps JSON topics only: " + r.get("onlyJson"));
    assertEquals(
        java.util.Arrays.asList("it/fetch/a", "JSON", null), ((List<?>) r.get("noValues")).get(0));
    assertEquals(List.of("it/fetch/b", "it/fetch/b/c"), paths(r.get("page1")));
    assertEquals(true, r.get("page1More"));
    assertEquals(List.of(List.of("it/fetch/s", "STRING", "text")), r.get("lastOne"));
    assertEquals(List.of("it/fetch/s"), paths(r.get("types")));
    assertEquals(List.of("it/fetch/b", "it/fetch/b/c"), paths(r.get("range")));
    assertEquals(
        List.of("it/fetch/a", "it/fetch/b", "it/fetch/empty", "it/fetch/s"), paths(r.get("deep")));
    assertEquals(4001, integer(r.get("bad")));
    assertEquals("INVALID_ARGUMENT", r.get("badOptions"));
  }

  private static List<Object> paths(Object results) {
    return ((List<?>) results).stream().map(x -> (Object) ((List<?>) x).get(0)).toList();
  }

  @Test
  void notifications_selectAddRemoveDeselect_thenEventsWithoutValues() throws Exception {
    Page page = page();
    Map<String, Object> r =
        run(
            page,
            """
        const json = diffusion.datatypes.json();
        const { TopicType, TopicSpecification } = diffusion.topics;
        const publisher = await diffusion.connect({ principal: 'control', credentials: 'password' });
        const watcher = await diffusion.connect({});
        window.keep = [publisher, watcher];
        const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
        const until = async (f) => { for (let i = 0; i < 100 && !f(); i++) await wait(50); return f(); };
        await publisher.topicUpdate.addAndSet('it/notify/a', TopicType.JSON, json, { n: 1 });
        const events = [];
        const registration = await watcher.notifications.addListener({
          onTopicNotification(path, specification, type) { events.push([type, path, specification.type, specification.properties.PRIORITY || null]); },
          onClose() { events.push(['closed']); },
        });
        const selected = await registration.select('?it/notify//');
        await publisher.topics.add('it/notify/b', new TopicSpecification(TopicType.STRING, { PRIORITY: 'high' }));
        await until(() => events.length >= 2);
        await publisher.topics.remove('it/notify/a');
        await until(() => events.length >= 3);
        const deselected = await watcher.notifications.deselect('?it/notify//');
        await registration.close();
        await publisher.topics.remove('?it/notify//');
        await wait(200);
        const { TopicNotificationType } = diffusion.topicNotifications;
        return { events, selected, deselected, added: TopicNotificationType.ADDED };
        """);
    assertEquals(1, integer(r.get("selected")), r.toString());
    assertEquals(1, integer(r.get("deselected")));
    assertEquals("ADDED", r.get("added"));
    assertEquals(
        List.of(
            java.util.Arrays.asList("SELECTED", "it/notify/a", "JSON", null),
            List.of("ADDED", "it/notify/b", "STRING", "high"),
            java.util.Arrays.asList("REMOVED", "it/notify/a", "JSON", null),
            List.of("DESELECTED", "it/notify/b", "STRING", "high"),
            List.of("closed")),
        r.get("events"));
  }

  @Test
  void missingTopicHandler_inBrowser_thenAddsTheTopicAndTheSelectorGetsIt() throws Exception {
    Page page = page();
    Map<String, Object> r =
        run(
            page,
            """
        const json = diffusion.datatypes.json();
        const handlerSession = await diffusion.connect({ principal: 'control', credentials: 'password' });
        const reader = await diffusion.connect({ properties: { Team: 'red' } });
        window.keep = [handlerSession, reader];
        const notifications = [];
        const registered = [];
        const registration = await handlerSession.topics.addMissingTopicHandler('it/games', {
          onRegister(path, deregister) { registered.push(path); },
          async onMissingTopic(n) {
            notifications.push({ path: n.path, selector: String(n.selector), sessionId: n.sessionId, team: n.sessionProperties.Team || null });
            if (n.path.endsWith('/none')) { n.cancel(); return; }
            await handlerSession.topicUpdate.addAndSet(n.path, diffusion.topics.TopicType.JSON, json, { created: n.path });
            n.proceed();
          },
          onClose(path) { registered.push('closed ' + path); },
        }, ['Team']);
        const values = [];
        reader.addStream('?it/games//', json).on('value', (topic, spec, v) => values.push([topic, v.get()]));
        const count = await reader.select('>it/games/chess/7');
        const valuesAtAnswer = values.slice();
        const cancelled = await reader.select('>it/games/none');
        const existing = await reader.select('>it/games/chess/7');
        const other = await diffusion.connect({ principal: 'control', credentials: 'password' });
        const conflict = await other.topics.addMissingTopicHandler('it/games', { onMissingTopic() {} }).then(() => 'registered', (e) => e.code + ' ' + e.reason);
        other.close();
        const removed = await registration.close();
        await handlerSession.topics.remove('?it/games//');
        return { count, valuesAtAnswer, cancelled, existing, notifications, registered, conflict, removed, readerId: String(reader.sessionId) };
        """);
    assertEquals(1, integer(r.get("count")), r.toString());
    assertEquals(
        List.of(List.of("it/games/chess/7", Map.of("created", "it/games/chess/7"))),
        r.get("valuesAtAnswer"),
        "the topic the handler added reached the reader before the select's answer");
    assertEquals(0, integer(r.get("cancelled")));
    assertEquals(0, integer(r.get("existing")), "already subscribed: no handler call, nothing new");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> notifications = (List<Map<String, Object>>) r.get("notifications");
    assertEquals(2, notifications.size(), notifications.toString());
    assertEquals(
        Map.of(
            "path",
            "it/games/chess/7",
            "selector",
            ">it/games/chess/7",
            "sessionId",
            r.get("readerId"),
            "team",
            "red"),
        notifications.get(0));
    assertEquals(List.of("it/games", "closed it/games"), r.get("registered"));
    assertEquals("4009 HANDLER_CONFLICT", r.get("conflict"));
    assertEquals(true, r.get("removed"));
  }

  // ---- reconnection (PROTOCOL §12) and HTTP long polling, through a test TCP proxy
  // --------------------------------

  /**
   * A page served through the proxy, so that the client's default host and port are the proxy's
   * (same origin).
   */
  private Page pageVia(CutProxy proxy) {
    Page page = context.newPage();
    page.onConsoleMessage(
        m -> {
          if ("error".equals(m.type())) {
            System.out.println("[browser console] " + m.text());
          }
        });
    page.navigate("http://127.0.0.1:" + proxy.port() + "/console/");
    return page;
  }

  /**
   * A Java control session that has added {@code path} as a non-conflating INT64 topic set to 0.
   */
  private Session counterPublisher(String path) throws Exception {
    Session publisher = ItSessions.sessions().principal("control").password("password").open(url);
    javaSessions.add(publisher);
    publisher
        .topicUpdate()
        .addAndSet(path, ReconnectIT.NO_CONFLATION, Long.class, 0L)
        .get(10, TimeUnit.SECONDS);
    return publisher;
  }

  @Test
  void
      reconnect_whenProxyCutsWhileUpdatesStream_thenEveryUpdateOnceInOrder_eventsAndRequestsSurvive()
          throws Exception {
    final int updates = 1500;
    final int cuts = 15;
    String path = "browser/reconnect/counter";
    Session publisher = counterPublisher(path);
    try (CutProxy proxy = new CutProxy(base.getHost(), base.getPort())) {
      Page page = pageVia(proxy);
      run(
          page,
          """
          window.acks = [];  // what the client acknowledges, alone or piggybacked (PROTOCOL §12)
          const send = WebSocket.prototype.send;
          WebSocket.prototype.send = function (text) {
            for (const m of [].concat(JSON.parse(text))) if (m.ack !== undefined) window.acks.push(m.t + ' ' + m.ack);
            return send.call(this, text);
          };
          const session = await diffusion.connect({ principal: 'control', credentials: 'password',
              reconnect: { timeout: 20000, strategy: (start, abort, attempt) => setTimeout(start, 20 + 10 * Math.min(attempt, 10)) } });
          const rc = window.rc = { session, values: [], events: [], pings: 0, pingFailures: [], transport: session.getTransport() };
          session.on('disconnect', (reason) => rc.events.push('disconnect ' + reason.name));
          session.on('reconnect', () => rc.events.push('reconnect'));
          session.on('close', (reason) => rc.events.push('close ' + reason.name));
          session.addStream('%s', diffusion.datatypes.int64()).on('value', (topic, spec, value) => rc.values.push(value));
          rc.selected = await session.select('%s');
          (async () => {  // requests in flight across the cuts: each must be answered once
            while (!rc.stop) {
              try { await session.pingServer(); rc.pings++; } catch (e) { rc.pingFailures.push(String(e.message)); return; }
              await new Promise((r) => setTimeout(r, 20));
            }
          })();
          return {};
          """
              .formatted(path, path));
      Thread streamer =
          new Thread(
              () -> {
                try {
                  for (long i = 1; i <= updates; i++) {
                    publisher.topicUpdate().set(path, Long.class, i).get(10, TimeUnit.SECONDS);
                    if (i % 10 == 0) {
                      Thread.sleep(5);
                    }
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      streamer.start();
      java.util.Random random = new java.util.Random(7);
      int done = 0;
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (done < cuts && System.nanoTime() < giveUp) {
        // every fifth pause is short enough to land in a reconnect handshake or a replay
        Thread.sleep(done % 5 == 4 ? 5 + random.nextInt(20) : 50 + random.nextInt(250));
        if (proxy.cutAll() > 0) {
          done++;
        }
      }
      streamer.join(120_000);
      page.waitForFunction(
          "() => window.rc.values.length >= %d && window.rc.session.isConnected()"
              .formatted(updates + 1),
          null,
          new Page.WaitForFunctionOptions().setTimeout(60_000));
      Thread.sleep(300); // nothing more (no duplicate) may arrive
      @SuppressWarnings("unchecked")
      Map<String, Object> r =
          (Map<String, Object>)
              page.evaluate(
                  """
          () => { window.rc.stop = true; const rc = window.rc;
            return { values: rc.values, events: rc.events, pings: rc.pings, pingFailures: rc.pingFailures,
                     state: rc.session.getState(), selected: rc.selected, transport: rc.transport, acks: window.acks }; }""");
      assertEquals(cuts, done, "the proxy cut " + done + " times");
      List<Object> expected = new ArrayList<>();
      for (int i = 0; i <= updates; i++) {
        expected.add(i);
      }
      List<Object> values = new ArrayList<>();
      for (Object v : (List<?>) r.get("values")) {
        values.add(integer(v));
      }
      assertEquals(expected, values, "every update exactly once and in order");
      @SuppressWarnings("unchecked")
      List<String> events = (List<String>) r.get("events");
      long disconnects = events.stream().filter(e -> e.startsWith("disconnect")).count();
      long reconnects = events.stream().filter("reconnect"::equals).count();
      assertTrue(disconnects >= cuts / 2, "disconnect events: " + events);
      assertEquals(
          disconnects, reconnects, "every disconnect was followed by a reconnect: " + events);
      assertTrue(
          events.stream()
              .filter(e -> e.startsWith("disconnect"))
              .allMatch("disconnect CONNECTION_ERROR"::equals),
          events.toString());
      assertEquals("CONNECTED_ACTIVE", r.get("state"));
      assertEquals(1, integer(r.get("selected")));
      assertEquals("WEBSOCKET", r.get("transport"));
      assertEquals(List.of(), r.get("pingFailures"), "no request failed across the cuts");
      assertTrue(integer(r.get("pings")) > 0);
      @SuppressWarnings("unchecked")
      List<String> acks = (List<String>) r.get("acks");
      assertTrue(
          acks.stream().anyMatch(a -> a.startsWith("ack ")),
          "acknowledgements of their own: " + acks);
      assertTrue(
          acks.stream().anyMatch(a -> a.startsWith("connect ")),
          "reconnects carry the ack: " + acks);
      assertTrue(
          acks.stream()
                  .mapToInt(a -> Integer.parseInt(a.substring(a.indexOf(' ') + 1)))
                  .max()
                  .orElse(0)
              > updates / 2,
          "the client acknowledged what it received: " + acks);
      System.out.println(
          "BrowserIT: "
              + done
              + " cuts, "
              + disconnects
              + " reconnects, "
              + r.get("pings")
              + " pings answered, "
              + values.size()
              + " values");
      run(page, "await window.rc.session.closeSession(); return {};");
    }
  }

  @Test
  void reconnect_whenServerTimedOutUnreachableOrReconnectOff_thenClosesClearlyAndRequestsFail()
      throws Exception {
    try (CutProxy proxy = new CutProxy(base.getHost(), base.getPort())) {
      Page page = pageVia(proxy);
      String watch =
          """
          window.within = (promise, ms, what) => Promise.race([promise,
              new Promise((resolve, reject) => setTimeout(() => reject(new Error('timed out: ' + what)), ms))]);
          window.watch = (session) => {
            const seen = { events: [] };
            session.on('disconnect', (reason) => seen.events.push('disconnect ' + reason.name));
            session.on('reconnect', () => seen.events.push('reconnect'));
            session.on('recoveryExpired', (reason) => seen.events.push('recoveryExpired ' + reason.name));
            seen.closed = new Promise((resolve) => session.on('close', (reason) => {
              seen.events.push('close ' + reason.name);
              resolve({ name: reason.name, message: reason.message, state: session.getState() });
            }));
            return seen;
          };
          """;
      run(
          page,
          watch
              + """
          window.timedOut = await diffusion.connect({ reconnect: 1000, livenessTimeout: 4000 });
          window.timedOutSeen = watch(window.timedOut);
          return {};
          """);

      // the server sees the loss at once and forgets the session after 1 s; the client, on a silent
      // half-open
      // connection, notices only by its liveness check (4 s) and then comes back too late
      assertTrue(proxy.severServerSide() > 0);
      Map<String, Object> late =
          run(
              page,
              """
          const started = performance.now();
          const pending = window.timedOut.pingServer().then(() => 'answered', (e) => e.reason + ' ' + (e.closeReason && e.closeReason.name));
          const closed = await within(window.timedOutSeen.closed, 20000, 'the close');
          return { closed, pending: await pending, events: window.timedOutSeen.events, millis: performance.now() - started };
          """);
      @SuppressWarnings("unchecked")
      Map<String, Object> lateClose = (Map<String, Object>) late.get("closed");
      assertEquals("RECOVERY_EXPIRED", lateClose.get("name"), late.toString());
      assertTrue(((String) lateClose.get("message")).contains("recovery window"), late.toString());
      assertEquals("CLOSED_BY_SERVER", lateClose.get("state"));
      assertEquals(
          List.of(
              "disconnect CONNECTION_ERROR",
              "close RECOVERY_EXPIRED",
              "recoveryExpired RECOVERY_EXPIRED"),
          late.get("events"));
      assertEquals(
          "SESSION_CLOSED RECOVERY_EXPIRED",
          late.get("pending"),
          "the request sent into the void fails");
      assertTrue(
          ((Number) late.get("millis")).doubleValue() >= 3500,
          "found by the liveness check: " + late);

      // the server cannot be reached again: the client gives up at the granted reconnect timeout
      run(
          page,
          """
          window.unreachable = await diffusion.connect({ reconnect: { timeout: 1500 } });
          window.unreachableSeen = watch(window.unreachable);
          window.plain = await diffusion.connect({ reconnect: false });
          window.plainSeen = watch(window.plain);
          return {};
          """);
      proxy.block(true);
      proxy.cutAll();
      Map<String, Object> gone =
          run(
              page,
              """
          const started = performance.now();
          const pending = window.unreachable.pingServer().then(() => 'answered', (e) => e.reason + ' ' + (e.closeReason && e.closeReason.name));
          const closed = await within(window.unreachableSeen.closed, 20000, 'the close');
          const plainClosed = await within(window.plainSeen.closed, 5000, 'the plain session close');
          return { closed, pending: await pending, events: window.unreachableSeen.events, millis: performance.now() - started,
                   plainClosed, plainEvents: window.plainSeen.events };
          """);
      @SuppressWarnings("unchecked")
      Map<String, Object> goneClose = (Map<String, Object>) gone.get("closed");
      assertEquals("RECONNECT_ABORTED", goneClose.get("name"), gone.toString());
      assertTrue(((String) goneClose.get("message")).contains("1500 ms"), gone.toString());
      assertEquals("CLOSED_FAILED", goneClose.get("state"));
      assertEquals(
          List.of(
              "disconnect CONNECTION_ERROR",
              "close RECONNECT_ABORTED",
              "recoveryExpired RECONNECT_ABORTED"),
          gone.get("events"));
      assertEquals("SESSION_CLOSED RECONNECT_ABORTED", gone.get("pending"));
      double millis = ((Number) gone.get("millis")).doubleValue();
      assertTrue(millis >= 1400 && millis < 5000, "gave up at the granted timeout: " + millis);
      // reconnect: false opens a plain v1 session: a cut closes it, no disconnect event
      @SuppressWarnings("unchecked")
      Map<String, Object> plainClose = (Map<String, Object>) gone.get("plainClosed");
      assertEquals("CONNECTION_ERROR", plainClose.get("name"), gone.toString());
      assertEquals(List.of("close CONNECTION_ERROR"), gone.get("plainEvents"));
      awaitSessionCount(0); // the server let the unreachable session go at its timeout too
    }
  }

  @Test
  void polling_whenProxyRefusesWebSockets_thenCascadesToPollingAndEverythingWorks()
      throws Exception {
    String path = "browser/polling/value";
    Session java = counterPublisher(path);
    try (CutProxy proxy = new CutProxy(base.getHost(), base.getPort())) {
      Page page = pageVia(proxy);
      proxy.refuseUpgrades(true);
      Map<String, Object> r =
          run(
              page,
              """
          const session = await diffusion.connect({ principal: 'control', credentials: 'password',
              transports: ['WEBSOCKET', 'HTTP_POLLING'] });
          window.polling = session;
          const values = [];
          window.pollValues = values;
          session.addStream('%1$s', diffusion.datatypes.int64()).on('value', (topic, spec, value) => values.push(value));
          const selected = await session.select('%1$s');
          session.messages.setRequestStream('browser/polling/echo', {
            onRequest(p, request, responder) { responder.respond('echo ' + request); },
          }, diffusion.datatypes.string(), diffusion.datatypes.string());
          const ping = await session.pingServer();
          await session.topicUpdate.set('%1$s', diffusion.datatypes.int64(), 1);
          await Promise.race([new Promise((r) => { const t = setInterval(() => { if (values.length >= 2) { clearInterval(t); r(); } }, 20); }),
              new Promise((r, reject) => setTimeout(() => reject(new Error('timed out: values ' + JSON.stringify(values))), 10000))]);
          return { id: String(session.sessionId), transport: session.getTransport(), selected, rtt: ping.rtt,
                   property: session.getProperties().$Transport, valuesBefore: values.slice() };
          """
                  .formatted(path));
      assertTrue(proxy.refusedUpgrades() >= 1, "the WebSocket was tried first and refused");
      assertEquals("HTTP_POLLING", r.get("transport"), r.toString());
      assertEquals(1, integer(r.get("selected")));
      assertEquals(
          List.of(0, 1), ((List<?>) r.get("valuesBefore")).stream().map(v -> integer(v)).toList());
      String id = (String) r.get("id");
      JsonObject view =
          AdminApi.json(admin.get("sessions/" + id, "admin", "password")).asJsonObject();
      assertEquals("HTTP_LONG_POLL", view.getJsonObject("properties").getString("$Transport"));
      assertEquals("HTTP_LONG_POLL", r.get("property"));

      // server to browser: values and a request answered by the browser's request stream
      java.topicUpdate().set(path, Long.class, 2L).get(10, TimeUnit.SECONDS);
      String answer =
          java.messages()
              .sendRequest(
                  dev.osmosis.client.SessionId.of(id),
                  "browser/polling/echo",
                  "hi",
                  String.class,
                  String.class)
              .get(10, TimeUnit.SECONDS);
      assertEquals("echo hi", answer);
      page.waitForFunction(
          "() => window.pollValues.length >= 3",
          null,
          new Page.WaitForFunctionOptions().setTimeout(10_000));

      // a cut polling connection is recovered like a WebSocket one (by polling again: upgrades are
      // still refused)
      run(
          page,
          """
          window.pollEvents = [];
          window.polling.on('disconnect', (reason) => window.pollEvents.push('disconnect ' + reason.name));
          window.polling.on('reconnect', () => window.pollEvents.push('reconnect'));
          return {};
          """);
      // blocked as well as cut: a browser may retry a GET whose reused connection was reset, hiding
      // a plain cut
      proxy.block(true);
      proxy.cutAll();
      page.waitForFunction(
          "() => window.pollEvents.length > 0",
          null,
          new Page.WaitForFunctionOptions().setTimeout(20_000));
      java.topicUpdate()
          .set(path, Long.class, 3L)
          .get(10, TimeUnit.SECONDS); // while the browser is away
      proxy.block(false);
      page.waitForFunction(
          "() => window.pollValues.length >= 4 && window.polling.isConnected()",
          null,
          new Page.WaitForFunctionOptions().setTimeout(20_000));
      Map<String, Object> after =
          run(
              page,
              """
          const session = window.polling;
          const ping = await session.pingServer();
          const closed = await session.closeSession();
          return { values: window.pollValues, events: window.pollEvents, closed: closed.name, state: session.getState() };
          """);
      assertEquals(
          List.of(0, 1, 2, 3),
          ((List<?>) after.get("values")).stream().map(v -> integer(v)).toList(),
          after.toString());
      assertEquals(List.of("disconnect CONNECTION_ERROR", "reconnect"), after.get("events"));
      assertEquals("CLOSED_BY_CLIENT", after.get("closed"));
      assertEquals("CLOSED_BY_CLIENT", after.get("state"));
      awaitSessionCount(
          1); // only the Java session is left: the polling session is closed on the server too

      // a reconnect goes through the same list: a WebSocket session whose upgrades start failing
      // resumes by polling
      proxy.refuseUpgrades(false);
      Map<String, Object> before =
          run(
              page,
              """
          const session = window.switcher = await diffusion.connect({ transports: ['WEBSOCKET', 'HTTP_POLLING'] });
          window.switched = new Promise((r) => session.on('reconnect', r));
          return { id: String(session.sessionId), transport: session.getTransport() };
          """);
      assertEquals("WEBSOCKET", before.get("transport"));
      proxy.refuseUpgrades(true);
      proxy.cutAll();
      Map<String, Object> switched =
          run(
              page,
              """
          await Promise.race([window.switched, new Promise((r, reject) => setTimeout(() => reject(new Error('no reconnect')), 20000))]);
          const ping = await window.switcher.pingServer();
          return { id: String(window.switcher.sessionId), transport: window.switcher.getTransport(), rtt: ping.rtt,
                   property: window.switcher.getProperties().$Transport };
          """);
      assertEquals(before.get("id"), switched.get("id"), "the same session");
      assertEquals("HTTP_POLLING", switched.get("transport"));
      assertEquals(
          "HTTP_LONG_POLL",
          AdminApi.json(admin.get("sessions/" + switched.get("id"), "admin", "password"))
              .asJsonObject()
              .getJsonObject("properties")
              .getString("$Transport"));
      assertEquals(
          "HTTP_LONG_POLL",
          switched.get("property"),
          "the reconnect's connected brings the new properties");
      run(page, "await window.switcher.closeSession(); return {};");
    }
  }

  // ---- session.security: Diffusion's code adds a principal that then logs in (PROTOCOL.md §14)
  // -------------------------

  @Test
  void security_whenDiffusionCodeAddsAPrincipal_thenItLogsIn_andRefusalsCarryTheirCodes()
      throws Exception {
    String name = "it-browser-" + Long.toHexString(System.nanoTime());
    Page page = page();
    Map<String, Object> r =
        run(
            page,
            """
        const name = '%s';
        const session = await diffusion.connect({ principal: 'admin', credentials: 'password' });
        const script = session.security.authenticationScriptBuilder()
          .addPrincipal(name, 'pa"ss\\\\word', ['CLIENT'])
          .build();
        await session.security.updateAuthenticationStore(script);
        const added = await diffusion.connect({ principal: name, credentials: 'pa"ss\\\\word' });
        const principal = added.getPrincipal();
        const roles = added.getRoles();
        const auth = await session.security.getSystemAuthenticationConfiguration();
        const listed = auth.principals.find((p) => p.name === name);
        const config = await session.security.getSecurityConfiguration();
        const wrong = await session.security.updateSecurityStore(session.security.securityScriptBuilder()
            .setGlobalPermissions('IT_BROWSER', [session.security.GlobalPermission.VIEW_SERVER]).build()
            + '\\nset global permissions "IT_BROWSER" [VIEW_SERVERS]')
          .then(() => null, (e) => ({ code: e.code, reason: e.reason, message: e.message }));
        const denied = await added.security.updateAuthenticationStore(
            added.security.authenticationScriptBuilder().removePrincipal('admin').build())
          .then(() => null, (e) => ({ code: e.code, message: e.message }));
        await added.closeSession();
        await session.security.updateAuthenticationStore(
            session.security.authenticationScriptBuilder().removePrincipal(name).build());
        const after = await session.security.getSystemAuthenticationConfiguration();
        await session.closeSession();
        return { principal, roles, listedRoles: listed ? listed.roles : null,
          listedKeys: listed ? Object.keys(listed) : null,
          hasClientRole: config.roles.some((role) => role.name === 'CLIENT'),
          browserRole: config.roles.some((role) => role.name === 'IT_BROWSER'),
          wrong, denied, gone: !after.principals.some((p) => p.name === name) };
        """
                .formatted(name));
    assertEquals(name, r.get("principal"));
    assertEquals(List.of("CLIENT"), r.get("roles"));
    assertEquals(List.of("CLIENT"), r.get("listedRoles"));
    assertEquals(List.of("name", "roles"), r.get("listedKeys"), "never a password or hash");
    assertEquals(true, r.get("hasClientRole"));
    assertEquals(false, r.get("browserRole"), "a wrong script changes nothing");
    @SuppressWarnings("unchecked")
    Map<String, Object> wrong = (Map<String, Object>) r.get("wrong");
    assertEquals(4001, integer(wrong.get("code")), wrong.toString());
    assertEquals("INVALID_ARGUMENT", wrong.get("reason"));
    assertTrue(((String) wrong.get("message")).contains("line 2"), wrong.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> denied = (Map<String, Object>) r.get("denied");
    assertEquals(3001, integer(denied.get("code")), denied.toString());
    assertTrue(((String) denied.get("message")).contains("MODIFY_SECURITY"), denied.toString());
    assertEquals(true, r.get("gone"));
  }

  // ---- session.metrics: Diffusion's code puts, lists, fetches and removes collectors (PROTOCOL.md
  // §15)
  // -------------------------

  @Test
  void metrics_whenDiffusionCodePutsListsFetchesAndRemoves_thenShapesAndRefusals()
      throws Exception {
    String run = "itb" + Long.toHexString(System.nanoTime());
    Page page = page();
    Map<String, Object> r =
        run(
            page,
            """
        const run = '%s';
        const admin = await diffusion.connect({ principal: 'admin', credentials: 'password' });
        const client = await diffusion.connect({ principal: 'client', credentials: 'password',
          properties: { ItRun: run } });
        const metrics = admin.metrics;
        const builder = diffusion.newSessionMetricCollectorBuilder();
        const put = await metrics.putSessionMetricCollector(builder
          .groupByProperty('$ClientType')
          .exportToPrometheus(true)
          .maximumGroups(5)
          .create(run, "ItRun is '" + run + "'"));
        await metrics.putTopicMetricCollector(diffusion.newTopicMetricCollectorBuilder()
          .groupByPathPrefixParts(1)
          .create(run + '-topics', '?' + run + '//'));
        const sessions = (await metrics.listSessionMetricCollectors()).collectors.find((c) => c.name === run);
        const topics = (await metrics.listTopicMetricCollectors()).collectors.find((c) => c.name === run + '-topics');
        const result = await metrics.metricsRequest().filter([run]).fetch();
        const bad = await metrics.putSessionMetricCollector(diffusion.newSessionMetricCollectorBuilder()
            .create(run + '-bad', 'Department is'))
          .then(() => null, (e) => ({ code: e.code, reason: e.reason, message: e.message, position: e.position }));
        const denied = await client.metrics.removeSessionMetricCollector(run)
          .then(() => null, (e) => ({ code: e.code, reason: e.reason, message: e.message }));
        const alert = await metrics.setMetricAlert('a', 'b').then(() => null, (e) => e.reason);
        await metrics.removeSessionMetricCollector(run);
        await metrics.removeTopicMetricCollector(run + '-topics');
        const left = (await metrics.listSessionMetricCollectors()).collectors.some((c) => c.name === run);
        await client.closeSession();
        await admin.closeSession();
        return { put, sessions, topics, groups: result.groups, bad, denied, alert, left };
        """
                .formatted(run));
    assertEquals(null, r.get("put"), "Diffusion's put resolves null");
    assertEquals(
        Map.of(
            "name",
            run,
            "sessionFilter",
            "ItRun is '" + run + "'",
            "groupByProperties",
            List.of("$ClientType"),
            "exportToPrometheus",
            true,
            "maximumGroups",
            5,
            "removeMetricsWithNoMatches",
            false),
        normalised(r.get("sessions")));
    assertEquals(
        Map.of(
            "name",
            run + "-topics",
            "topicSelector",
            "?" + run + "//",
            "groupByTopicType",
            false,
            "groupByTopicView",
            false,
            "groupByPathPrefixParts",
            1,
            "exportToPrometheus",
            false,
            "maximumGroups",
            2147483647),
        normalised(r.get("topics")));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> groups = (List<Map<String, Object>>) normalised(r.get("groups"));
    assertEquals(1, groups.size(), "the filter leaves out the topic collector: " + groups);
    assertEquals("session", groups.get(0).get("kind"));
    assertEquals(run, groups.get(0).get("collector"));
    assertEquals(Map.of("$ClientType", "JAVASCRIPT_BROWSER"), groups.get(0).get("labels"));
    assertEquals(
        1,
        ((Map<?, ?>) groups.get(0).get("values")).get("sessions"),
        "the client session is the one that matches: " + groups);
    @SuppressWarnings("unchecked")
    Map<String, Object> bad = (Map<String, Object>) r.get("bad");
    assertEquals(4001, integer(bad.get("code")), bad.toString());
    assertEquals("INVALID_ARGUMENT", bad.get("reason"));
    assertTrue(((String) bad.get("message")).startsWith("sessionFilter: "), bad.toString());
    assertEquals(13, integer(bad.get("position")), bad.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> denied = (Map<String, Object>) r.get("denied");
    assertEquals(3001, integer(denied.get("code")), denied.toString());
    assertEquals("CONTROL_SERVER permission required", denied.get("message"));
    assertEquals("NOT_SUPPORTED_YET", r.get("alert"));
    assertEquals(false, r.get("left"));
  }

  /** A value read from the page with its whole numbers as Integers, for comparing with literals. */
  private static Object normalised(Object value) {
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return (int) n.longValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, normalised(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(BrowserIT::normalised).toList();
    }
    return value;
  }

  // ---- docs/JAVASCRIPT.md: its examples run as written
  // -----------------------------------------------------------

  @Test
  void docs_javascriptExamples_runAsWrittenAndLogWhatTheySay() throws Exception {
    String doc = Files.readString(Paths.get("docs/JAVASCRIPT.md"));
    java.util.regex.Matcher blocks =
        Pattern.compile("```js\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<String> scripts = new ArrayList<>();
    while (blocks.find()) {
      String block = blocks.group(1);
      if (block.startsWith("const diffusion = await import('/js/osmosis.js');")) {
        scripts.add(block);
      } else if (!scripts.isEmpty()) {
        scripts.set(
            scripts.size() - 1,
            scripts.get(scripts.size() - 1) + "\n" + block); // it goes on from the last
      }
    }
    assertTrue(scripts.size() >= 6, "runnable examples: " + scripts.size());
    Page page = page();
    List<String> logs = new java.util.concurrent.CopyOnWriteArrayList<>();
    page.onConsoleMessage(m -> logs.add(m.text()));
    try {
      for (String script : scripts) {
        page.evaluate("async () => {\n" + script + "\n}");
      }
      List<String> expected =
          List.of(
              "accepted 3 apples for red",
              "4004 NOT_FOUND",
              "got hello",
              "answered 42",
              "orders/book",
              "true false true",
              "3 topics exist",
              "SELECTED fx/EURUSD JSON",
              "handling games",
              "1 subscribed",
              "connected by WEBSOCKET CONNECTED_ACTIVE",
              "connected by HTTP_POLLING as HTTP_LONG_POLL",
              "closed: CLOSED_BY_CLIENT",
              "refused 4001 sessionFilter: ",
              "sent",
              "osmosis: session ",
              "member true",
              "own client type JAVASCRIPT_BROWSER",
              "changed 1 session",
              "event PROPERTIES {\"Team\":\"teal\"} was {\"Team\":\"green\"}",
              "subscribed 1",
              "member sees sunny",
              "inbox: hello member",
              "fetched news/today sunny",
              "scopes: 2 0 1 true",
              "scope '': >scopes/a",
              "unconflated 1");
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline
          && !expected.stream().allMatch(e -> logs.stream().anyMatch(l -> l.contains(e)))) {
        Thread.sleep(100);
      }
      for (String e : expected) {
        assertTrue(
            logs.stream().anyMatch(l -> l.contains(e)), "the examples log '" + e + "': " + logs);
      }
      assertTrue(
          logs.indexOf(
                  logs.stream()
                      .filter(l -> l.startsWith("games/chess/7"))
                      .findFirst()
                      .orElse("none"))
              < logs.indexOf(
                  logs.stream().filter(l -> l.contains("1 subscribed")).findFirst().orElseThrow()),
          "the value arrives before the select's answer: " + logs);
    } finally {
      admin.delete("topics?selector=" + AdminApi.q("?fx//"), "admin", "password");
      admin.delete("topics?selector=" + AdminApi.q("?games//"), "admin", "password");
      admin.delete("topics?selector=" + AdminApi.q("?news//"), "admin", "password");
    }
  }

  // ---- the console's topic browser
  // ----------------------------------------------------------------------------------

  @Test
  void console_topicBrowser_addUpdateSeeCollapseAndRemove() throws Exception {
    Page page = context.newPage();
    page.onDialog(d -> d.accept());
    page.navigate(base + "console/");
    page.fill("#user", "admin");
    page.fill("#password", "password");
    page.click("#signin button");
    page.locator("#app").waitFor();

    page.fill("#topicPath", "it/console/price");
    page.selectOption("#topicType", "JSON");
    page.fill("#topicValue", "{\"bid\": 1.5}");
    page.fill("#topicProps", "{\"PRIORITY\": \"high\"}");
    page.click("#topicForm button");
    page.locator("#topicResult")
        .filter(new Locator.FilterOptions().setHasText("added it/console/price"))
        .waitFor();
    String cell = "#topicTree tr[data-topic='it/console/price'] td.value";
    page.waitForFunction(
        "(s) => document.querySelector(s) && document.querySelector(s).textContent === '{\"bid\":1.5}'",
        cell);
    assertEquals(
        "PRIORITY=high",
        page.locator("#topicTree tr[data-topic='it/console/price'] td.props").textContent());
    assertEquals(
        1,
        page.locator("#topicTree tr.branch[data-path='it/console']").count(),
        "branches are rows of the tree");
    int topicsNow = AdminApi.json(admin.get("topics", "admin", "password")).asJsonArray().size();
    page.waitForFunction(
        "(n) => document.getElementById('lastTopics').textContent === String(n)", topicsNow);

    // update: the same form, a new value
    page.fill("#topicValue", "{\"bid\": 2}");
    page.click("#topicForm button");
    page.locator("#topicResult")
        .filter(new Locator.FilterOptions().setHasText("updated it/console/price"))
        .waitFor();
    page.waitForFunction("(s) => document.querySelector(s).textContent === '{\"bid\":2}'", cell);
    JsonObject topic =
        AdminApi.json(admin.get("topics/it/console/price", "admin", "password")).asJsonObject();
    assertEquals(2, topic.getJsonObject("value").getInt("bid"));
    assertEquals("high", topic.getJsonObject("properties").getString("PRIORITY"));

    // a request the server refuses (the path holds a JSON topic, not an INT64 one): its 400 message
    // is shown
    page.selectOption("#topicType", "INT64");
    page.fill("#topicValue", "5");
    page.fill("#topicProps", "");
    page.click("#topicForm button");
    page.locator("#topicFormError")
        .filter(new Locator.FilterOptions().setHasText(Pattern.compile("^400: .+")))
        .waitFor();
    // text that is not JSON is refused before sending for a JSON topic
    page.selectOption("#topicType", "JSON");
    page.fill("#topicValue", "{oops");
    page.click("#topicForm button");
    page.locator("#topicFormError")
        .filter(new Locator.FilterOptions().setHasText("not JSON"))
        .waitFor();

    // clicking a topic loads it into the form; collapsing its branch hides it
    page.fill("#topicPath", "");
    page.fill("#topicValue", "");
    page.click("#topicTree tr[data-topic='it/console/price']");
    page.waitForFunction("() => document.getElementById('topicPath').value === 'it/console/price'");
    page.waitForFunction("() => document.getElementById('topicValue').value !== ''");
    assertTrue(
        page.inputValue("#topicValue").contains("\"bid\": 2"), page.inputValue("#topicValue"));
    page.uncheck("#topicAuto");
    page.click("#topicTree tr[data-path='it/console'] .toggle");
    page.locator("#topicTree tr[data-topic='it/console/price']")
        .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
    page.click("#topicTree tr[data-path='it/console'] .toggle");
    page.locator("#topicTree tr[data-topic='it/console/price']").waitFor();

    // a bad selector shows the server's message
    page.fill("#topicSelector", "?it/[");
    page.click("#topicListForm button");
    page.locator("#topicsError")
        .filter(new Locator.FilterOptions().setHasText("selector"))
        .waitFor();
    page.fill("#topicSelector", "");
    page.click("#topicListForm button");

    // remove by selector
    page.fill("#removeSelector", "?it/console//");
    page.click("#topicRemoveForm button");
    page.locator("#removeResult")
        .filter(new Locator.FilterOptions().setHasText("removed 1 topic"))
        .waitFor();
    page.locator("#topicTree tr[data-topic='it/console/price']")
        .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
    assertEquals(404, admin.get("topics/it/console/price", "admin", "password").statusCode());
  }

  // ---- the console's Security page
  // ----------------------------------------------------------------------------------

  @Test
  void console_securityPage_addRoleAndPrincipal_thenLogInAsIt() throws Exception {
    Page page = context.newPage();
    page.onDialog(d -> d.accept());
    page.navigate(base + "console/");
    page.fill("#user", "admin");
    page.fill("#password", "password");
    page.click("#signin button");
    page.locator("#app").waitFor();
    page.click("#tabSecurity");
    page.locator("#principals tr[data-principal='admin']").waitFor();
    assertTrue(page.locator("#overview").isHidden());
    try {
      // a role: VIEW_SERVER (so it may sign in to the console), reads everything but it/hidden
      page.fill("#roleName", "IT_CONSOLE");
      page.check("#roleGlobal input[value='VIEW_SERVER']");
      page.check("#roleDefault input[value='SELECT_TOPIC']");
      page.check("#roleDefault input[value='READ_TOPIC']");
      page.fill("#rolePaths", "it/hidden:");
      page.click("#roleForm button");
      page.locator("#roleResult")
          .filter(new Locator.FilterOptions().setHasText("added IT_CONSOLE"))
          .waitFor();
      page.locator("#roles tr[data-role='IT_CONSOLE']").waitFor();
      assertEquals(
          "it/hidden: ", page.locator("#roles tr[data-role='IT_CONSOLE'] td.paths").textContent());

      // a principal holding it, with a password that needs escaping in the script
      page.fill("#principalName", "it-console");
      page.fill("#principalPassword", "pa\"ss\\word");
      page.fill("#principalRoles", "IT_CONSOLE");
      page.click("#principalForm button");
      page.locator("#principalResult")
          .filter(new Locator.FilterOptions().setHasText("added it-console"))
          .waitFor();
      assertEquals(
          "IT_CONSOLE",
          page.locator("#principals tr[data-principal='it-console'] td.roles").textContent());
      assertEquals("", page.inputValue("#principalPassword"), "the password field is cleared");
      // the audit trail, latest first, masks the password
      page.locator("#audit tr td.script")
          .filter(new Locator.FilterOptions().setHasText("add principal \"it-console\""))
          .waitFor();
      assertEquals(
          "add principal \"it-console\" \"********\" [\"IT_CONSOLE\"]",
          page.locator("#audit tr td.script").first().textContent());

      // a bad script: the line with a caret under the column
      page.fill(
          "#scriptText", "isolate path \"it/private\"\nset roles for named sessions [CLIENT]");
      page.click("#scriptForm button");
      page.locator("#scriptCaret").waitFor();
      assertTrue(page.locator("#scriptError").textContent().contains("line 2"));
      assertTrue(
          page.locator("#scriptCaret").textContent().startsWith("set roles for named sessions"));

      // it logs in: with the browser client, and to the console
      Map<String, Object> r =
          run(
              page(),
              """
              const s = await diffusion.connect({ principal: 'it-console', credentials: 'pa"ss\\\\word' });
              const principal = s.getPrincipal();
              await s.close();
              return { principal };
              """);
      assertEquals("it-console", r.get("principal"));
      page.click("#signout");
      page.fill("#user", "it-console");
      page.fill("#password", "pa\"ss\\word");
      page.click("#signin button");
      page.locator("#app").waitFor();
      assertEquals("signed in as it-console", page.locator("#who").textContent());
      page.click("#tabSecurity");
      page.locator("#secError")
          .filter(new Locator.FilterOptions().setHasText("VIEW_SECURITY"))
          .waitFor();
      if (System.getProperty("osmosis.screenshots") != null) {
        securityScreenshot(Paths.get(System.getProperty("osmosis.screenshots")));
      }
    } finally {
      admin.delete("security/principals/it-console", "admin", "password");
      admin.delete("security/roles/IT_CONSOLE", "admin", "password");
    }
    assertFalse(
        admin.get("security/authentication", "admin", "password").body().contains("it-console"));
  }

  /** docs/images/security.png: the Security page signed in as admin. */
  private void securityScreenshot(Path dir) throws Exception {
    Files.createDirectories(dir);
    Page page = context.newPage();
    page.setViewportSize(1280, 1000);
    page.navigate(base + "console/");
    page.fill("#user", "admin");
    page.fill("#password", "password");
    page.click("#signin button");
    page.locator("#app").waitFor();
    page.click("#tabSecurity");
    page.locator("#roles tr[data-role='IT_CONSOLE']").click();
    page.waitForFunction("() => document.getElementById('roleName').value === 'IT_CONSOLE'");
    Files.write(
        dir.resolve("security.png"),
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)));
  }

  // ---- the console's Metrics page (docs/OPERATIONS.md "The console"; metrics.png)
  // ----------------------------------------------------------------------------------

  /** A raw protocol session of {@code principal} (password "password"), or anonymous. */
  private RawSocket raw(String principal) throws Exception {
    RawSocket ws = new RawSocket(RawSocket.endpoint(base));
    String credentials =
        principal == null
            ? ""
            : ",\"principal\":\"" + principal + "\",\"credentials\":\"password\"";
    String connected = ws.send("{\"t\":\"connect\",\"v\":1" + credentials + "}").next();
    assertTrue(connected.startsWith("{\"t\":\"connected\""), connected);
    return ws;
  }

  private static String sessionIdOf(RawSocket ws, String connected) {
    int at = connected.indexOf("\"sessionId\":\"") + 13;
    return connected.substring(at, connected.indexOf('"', at));
  }

  @Test
  void console_metricsPage_showsCollectorSeriesTheSlowestSessionAndAuthenticationFailures()
      throws Exception {
    Path dir = Paths.get(System.getProperty("osmosis.screenshots", "target/screenshots"));
    Files.createDirectories(dir);
    for (String department : List.of("Accounts", "Accounts", "Payroll")) {
      javaSessions.add(ItSessions.sessions().property("Department", department).open(url));
    }
    String value = "{\"pad\":\"" + "p".repeat(8000) + "\",\"n\":%d}";
    RawSocket slow = new RawSocket(RawSocket.endpoint(base));
    try (RawSocket control = raw("admin")) {
      String slowId = sessionIdOf(slow, slow.send("{\"t\":\"connect\",\"v\":1}").next());
      control
          .send(
              "{\"t\":\"putSessionMetricCollector\",\"id\":1,\"collector\":{\"name\":"
                  + "\"it-departments\",\"sessionFilter\":\"has Department\","
                  + "\"groupByProperties\":[\"Department\"]}}")
          .next();
      control
          .send(
              "{\"t\":\"putTopicMetricCollector\",\"id\":2,\"collector\":{\"name\":"
                  + "\"it-load\",\"topicSelector\":\"?it/metrics//\"}}")
          .next();
      String added =
          control
              .send(
                  "{\"t\":\"addAndSet\",\"id\":3,\"path\":\"it/metrics/load\",\"type\":\"JSON\","
                      + "\"properties\":{\"PUBLISH_VALUES_ONLY\":\"true\",\"CONFLATION\":\"off\"},"
                      + "\"v\":"
                      + String.format(value, 0)
                      + "}")
              .next();
      assertTrue(added.startsWith("{\"t\":\"ok\""), added);
      slow.send("{\"t\":\"select\",\"id\":1,\"selector\":\"it/metrics/load\"}");
      slow.next();
      slow.pause();
      // publish until the paused session's queue grows (TCP buffers first), far below the limit
      int id = 10;
      JsonObject first = null;
      for (int batch = 0; batch < 30; batch++) {
        for (int i = 0; i < 100; i++, id++) {
          control.send(
              "{\"t\":\"set\",\"id\":"
                  + id
                  + ",\"path\":\"it/metrics/load\",\"type\":\"JSON\",\"v\":"
                  + String.format(value, id)
                  + "}");
        }
        for (int i = 0; i < 100; i++) {
          control.next();
        }
        first =
            AdminApi.json(admin.get("sessions?sort=queue&limit=1", "admin", "password"))
                .asJsonArray()
                .getJsonObject(0);
        if (first.getString("id").equals(slowId) && first.getInt("queued") > 0) {
          break;
        }
      }
      assertEquals(slowId, first.getString("id"), "the paused session has the largest queue");
      assertTrue(first.getInt("queued") > 0, first.toString());
      assertEquals(401, admin.get("server", "admin", "not-the-password").statusCode());

      Page page = context.newPage();
      page.setViewportSize(1280, 1000);
      page.navigate(base + "console/");
      page.fill("#user", "admin");
      page.fill("#password", "password");
      page.click("#signin button");
      page.locator("#app").waitFor();
      page.click("#tabMetrics");
      String accounts =
          ".collector[data-collector='session/it-departments']"
              + " [data-series='Department=Accounts sessions'] b";
      page.waitForFunction(
          "(s) => document.querySelector(s) && document.querySelector(s).textContent === '2'",
          accounts);
      page.waitForFunction(
          "(s) => document.querySelector(s) && document.querySelector(s).textContent === '1'",
          ".collector[data-collector='session/it-departments']"
              + " [data-series='Department=Payroll sessions'] b");
      page.locator(".collector[data-collector='topic/it-load'] [data-series='(all) topics'] b")
          .waitFor();
      page.waitForFunction(
          "(id) => { const row = document.querySelector('#slowSessions tr');"
              + " return row && row.dataset.id === id"
              + " && Number(row.querySelector('td.queued').textContent) > 0; }",
          slowId);
      page.waitForFunction(
          "() => Number(document.getElementById('totalAuthFailures').textContent) >= 1");
      assertTrue(page.locator("#overview").isHidden());
      // more points on the charts for the picture, with updates flowing (20 a second) and a
      // session more in Payroll
      for (int second = 0; second < 12; second++) {
        for (int i = 0; i < 20; i++, id++) {
          control.send(
              "{\"t\":\"set\",\"id\":"
                  + id
                  + ",\"path\":\"it/metrics/load\",\"type\":\"JSON\",\"v\":"
                  + String.format(value, id)
                  + "}");
          control.next();
        }
        if (second == 4) {
          admin.get("server", "admin", "wrong-again");
          javaSessions.add(ItSessions.sessions().property("Department", "Payroll").open(url));
        }
        Thread.sleep(1_000);
      }
      Files.write(
          dir.resolve("metrics.png"),
          page.screenshot(new Page.ScreenshotOptions().setFullPage(true)));
      assertTrue(Files.size(dir.resolve("metrics.png")) > 10_000);

      control.send(
          "{\"t\":\"removeSessionMetricCollector\",\"id\":90,\"name\":\"it-departments\"}");
      control.next();
      control.send("{\"t\":\"removeTopicMetricCollector\",\"id\":91,\"name\":\"it-load\"}");
      control.next();
      control.send("{\"t\":\"removeTopics\",\"id\":92,\"selector\":\"?it/metrics//\"}");
      control.next();
    } finally {
      slow.close();
    }
  }

  // ---- screenshots for the README (docs/images with -Dosmosis.screenshots=docs/images)
  // ----------------------------

  @Test
  void screenshots_consoleWithSessionsAndTopics_andDemoWithLiveValues() throws Exception {
    Path dir = Paths.get(System.getProperty("osmosis.screenshots", "target/screenshots"));
    Files.createDirectories(dir);
    javaSessions.add(
        ItSessions.sessions()
            .principal("client")
            .password("password")
            .property("Department", "Accounts")
            .open(url));
    javaSessions.add(ItSessions.sessions().property("Department", "Payroll").open(url));
    Page publisher = page();
    run(
        publisher,
        """
        const json = diffusion.datatypes.json();
        const s = await diffusion.connect({ principal: 'control', credentials: 'password', properties: { Department: 'Trading' } });
        window.keep = s;
        await s.topics.remove('?demo//');  // what other tests left there
        await s.topics.remove('?it//');
        const { TopicType } = diffusion.topics;
        const prices = { EURUSD: 1.0841, GBPUSD: 1.2702, USDJPY: 151.32 };
        for (const [pair, bid] of Object.entries(prices)) {
          await s.topicUpdate.addAndSet('demo/prices/' + pair, TopicType.JSON, json, { bid, ask: +(bid * 1.0002).toFixed(4) });
        }
        await s.topicUpdate.addAndSet('demo/greeting', TopicType.STRING, diffusion.datatypes.string(), 'hello from Osmosis');
        await s.topicUpdate.addAndSet('demo/ticks', TopicType.INT64, diffusion.datatypes.int64(), 0);
        let n = 0;
        window.ticker = setInterval(() => {
          n++;
          for (const [pair, bid] of Object.entries(prices)) {
            const b = +(bid + Math.sin(n / 3 + bid) * bid * 0.0005).toFixed(4);
            s.topicUpdate.set('demo/prices/' + pair, json, { bid: b, ask: +(b * 1.0002).toFixed(4) });
          }
          s.topicUpdate.set('demo/ticks', diffusion.datatypes.int64(), n);
        }, 250);
        return {};
        """);
    try {
      Page demo = browser.newPage(new Browser.NewPageOptions().setViewportSize(1100, 760));
      try {
        demo.navigate(base.toString());
        demo.locator("tr[data-topic='demo/prices/USDJPY'] .value").waitFor();
        demo.waitForFunction(
            "() => Number(document.querySelector(\"tr[data-topic='demo/ticks'] .value\").textContent) > 6");
        Files.write(
            dir.resolve("demo.png"),
            demo.screenshot(new Page.ScreenshotOptions().setFullPage(true)));
      } finally {
        demo.context().close();
      }
      Page console = context.newPage();
      console.setViewportSize(1280, 1000);
      console.navigate(base + "console/");
      console.fill("#user", "admin");
      console.fill("#password", "password");
      console.click("#signin button");
      console.locator("#app").waitFor();
      console.waitForFunction(
          "() => Number(document.getElementById('lastTopics').textContent) >= 5");
      Thread.sleep(4_000); // a few points on the chart, and a change of the session count
      javaSessions.add(
          ItSessions.sessions()
              .principal("client")
              .password("password")
              .property("Department", "Sales")
              .open(url));
      Thread.sleep(4_000);
      String javaId = javaSessions.get(0).getSessionId().toString();
      console.locator("#sessions tr[data-id='" + javaId + "']").click();
      console.locator("#details").waitFor();
      console.click("#topicTree tr[data-topic='demo/prices/EURUSD']");
      console.waitForFunction(
          "() => document.getElementById('topicPath').value === 'demo/prices/EURUSD'");
      Files.write(
          dir.resolve("console.png"),
          console.screenshot(new Page.ScreenshotOptions().setFullPage(true)));
      assertTrue(Files.size(dir.resolve("console.png")) > 10_000);
      assertTrue(Files.size(dir.resolve("demo.png")) > 10_000);
    } finally {
      run(
          publisher,
          "clearInterval(window.ticker); await window.keep.topics.remove('?demo//'); return {};");
    }
  }

  private void awaitSessionCount(int expected) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    int count = -1;
    while (System.currentTimeMillis() < deadline) {
      count = AdminApi.json(admin.get("sessions", "admin", "password")).asJsonArray().size();
      if (count == expected) {
        return;
      }
      Thread.sleep(50);
    }
    assertEquals(expected, count, "sessions left open");
  }
}
