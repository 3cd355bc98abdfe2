package dev.osmosis.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.osmosis.client.CloseReason;
import dev.osmosis.client.Osmosis;
import dev.osmosis.client.Session;
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
 * The browser client (/js/osmosis.js), the demo page, the admin console and the chat page in a real headless
 * Chromium (Debian's /usr/bin/chromium, driven by Playwright for Java; no browser is downloaded). Scripts run
 * in the page with {@code page.evaluate} as the seeds' JavaScript examples are written, and return what they saw.
 */
@ExtendWith(ArquillianExtension.class)
class BrowserIT {
  private static final Path CHROMIUM = Paths.get(System.getProperty("osmosis.chromium", "/usr/bin/chromium"));
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
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(CHROMIUM + " is missing: apt-get install -y chromium (see .ci/run)");
    }
    playwright = Playwright.create();
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM)
        .setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run")));
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
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type())) {
        System.out.println("[browser console] " + m.text());
      }
    });
    page.navigate(base + "console/");
    return page;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> run(Page page, String asyncFunctionBody) {
    return (Map<String, Object>) page.evaluate("async () => { const diffusion = await import('/js/osmosis.js');\n"
        + asyncFunctionBody + "\n}");
  }

  private static int integer(Object number) {
    return ((Number) number).intValue();
  }

  // ---- the client: connect, events, ping, principal ------------------------------------------------------------

  @Test
  void connect_anonymouslyAndWithPrincipal_thenSessionsWithIdsPrincipalsAndCloseEvent() throws Exception {
    Page page = page();
    Map<String, Object> r = run(page, """
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
  void connect_whenServerSeesTheBrowserSession_thenFixedPropertiesSayJavascriptBrowser() throws Exception {
    Page page = page();
    Map<String, Object> r = run(page, """
        const session = await diffusion.connect({ principal: 'client', credentials: 'password',
            properties: { Department: 'Accounts' } });
        window.keep = session;
        return { id: session.sessionId, props: session.getProperties() };
        """);
    JsonObject view = AdminApi.json(admin.get("sessions/" + r.get("id"), "admin", "password")).asJsonObject();
    JsonObject p = view.getJsonObject("properties");
    assertEquals("JAVASCRIPT_BROWSER", p.getString("$ClientType"));
    assertEquals("client", p.getString("$Principal"));
    assertEquals("Accounts", p.getString("Department"));
    assertEquals("WEBSOCKET", p.getString("$Transport"));
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) r.get("props");
    assertEquals(r.get("id"), props.get("$SessionId"));
  }

  @Test
  void connect_whenWrongPasswordBadTransportOrNoServer_thenRejectsWithTheReason() throws Exception {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    Page page = page();
    Map<String, Object> r = run(page, """
        const fail = (p) => p.then(() => ({ resolved: true }),
            (e) => ({ name: e.name, reason: e.reason, code: e.code, message: e.message,
                      closeReason: e.closeReason ? e.closeReason.name : null }));
        const started = performance.now();
        const result = {
          wrongPassword: await fail(diffusion.connect({ principal: 'admin', credentials: 'nope' })),
          unknownPrincipal: await fail(diffusion.connect({ principal: 'mallory', credentials: 'password' })),
          badProperty: await fail(diffusion.connect({ properties: { '(bad)': 'x' } })),
          pollingOnly: await fail(diffusion.connect({ transports: ['XHR'] })),
        };
        const retryStart = performance.now();
        result.noServer = await fail(diffusion.connect({ host: 'localhost', port: %d, retry: { attempts: 2, interval: 300 } }));
        result.retryMillis = performance.now() - retryStart;
        return result;
        """.formatted(freePort));
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
    Map<String, Object> polling = (Map<String, Object>) r.get("pollingOnly");
    assertEquals("NOT_SUPPORTED_YET", polling.get("reason"));
    assertTrue(((String) polling.get("message")).contains("polling"), polling.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> none = (Map<String, Object>) r.get("noServer");
    assertEquals("CONNECTION_ERROR", none.get("closeReason"), none.toString());
    assertTrue(((Number) r.get("retryMillis")).doubleValue() >= 600, "two retries 300 ms apart: " + r.get("retryMillis"));
  }

  @Test
  void pingAndChangePrincipal_thenRttAndTheServerSeesTheNewPrincipal() throws Exception {
    Page page = page();
    Map<String, Object> r = run(page, """
        const session = await diffusion.connect({ principal: 'client', credentials: 'password' });
        window.keep = session;
        const ping = await session.pingServer();
        const wrong = await session.changePrincipal('admin', 'wrong').then(() => 'resolved', (e) => e.code + ' ' + e.reason);
        const principalAfterWrong = session.getPrincipal();
        const changed = await session.changePrincipal('admin', 'password');
        return { rtt: ping.rtt, timestamp: ping.timestamp, wrong, principalAfterWrong, changed,
                 principal: session.getPrincipal(), roles: session.getRoles(), id: session.sessionId };
        """);
    double rtt = ((Number) r.get("rtt")).doubleValue();
    assertTrue(rtt > 0 && rtt < 5_000, "rtt " + rtt);
    assertTrue(Math.abs(((Number) r.get("timestamp")).longValue() - System.currentTimeMillis()) < 10_000);
    assertEquals("2001 AUTHENTICATION_FAILED", r.get("wrong"));
    assertEquals("client", r.get("principalAfterWrong"));
    assertEquals(true, r.get("changed"));
    assertEquals("admin", r.get("principal"));
    assertEquals(List.of("ADMINISTRATOR"), r.get("roles"));
    JsonObject view = AdminApi.json(admin.get("sessions/" + r.get("id"), "admin", "password")).asJsonObject();
    assertEquals("admin", view.getJsonObject("properties").getString("$Principal"));
  }

  // ---- client control (PROTOCOL §8) ---------------------------------------------------------------------------

  @Test
  void clientControl_fromBrowser_thenJavaAndBrowserSessionsAreReadChangedAndClosedByFilter() throws Exception {
    CountDownLatch javaClosed = new CountDownLatch(1);
    Session java = Osmosis.sessions().property("Department", "Accounts").listener((s, from, to) -> {
      if (to.isClosed()) {
        javaClosed.countDown();
      }
    }).open(url);
    javaSessions.add(java);
    String javaId = java.getSessionId().toString();

    Page other = page();
    run(other, """
        window.other = await diffusion.connect({ properties: { Team: 'red' } });
        window.otherClosed = new Promise((resolve) => window.other.on('close', (reason) => resolve(reason.name)));
        return {};
        """);

    Page control = page();
    Map<String, Object> r = run(control, """
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
        result.rolesChanged = await control.clients.changeRoles('Department is "Accounts"', [], ['AUDITED']);
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
        """.formatted(javaId));
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
    assertTrue(events.stream().anyMatch(e -> e.get(0).equals("UPDATED") && e.get(1).equals(javaId)
        && "Closed".equals(e.get(2))), events.toString());
    assertTrue(events.contains(List.of("CLOSED", javaId, "CLOSED_BY_CONTROLLER")), events.toString());
    assertEquals(1, events.stream().filter(e -> e.get(0).equals("OPEN") && e.get(1).equals(javaId)).count(),
        "OPEN de-duplicated: " + events);
  }

  // ---- topics (PROTOCOL §9), once the server has them ------------------------------------------------------------

  @Test
  void topics_addAndSetSelectStreamUpdateAndLateStream_thenValuesAndTheCache() throws Exception {
    Page page = page();
    Object supported = page.evaluate("""
        async () => {
          const diffusion = await import('/js/osmosis.js');
          const s = await diffusion.connect({});
          try { await s.select('probe/none'); return true; }
          catch (e) { return e.code === diffusion.errors.ErrorCode.UNKNOWN_MESSAGE_TYPE.code ? false : e.message; }
          finally { s.close(); }
        }""");
    assumeTrue(Boolean.TRUE.equals(supported), "the server answers topic messages with " + supported
        + ": topics are not on this server yet");
    Map<String, Object> r = run(page, """
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
        reader._ws.addEventListener('message', (e) => frames.push(e.data));
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
        await until(() => unsubscribed.length >= 2);
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
    assertEquals(List.of(List.of(1, 300), List.of(2, 300, 1)).toString(),
        ((List<?>) r.get("big")).stream().map(e -> ((List<?>) e).stream().filter(x -> x != null).toList()).toList().toString());
    assertTrue(integer(r.get("deltas")) >= 1, "the update came as a delta: " + r.get("deltas"));
    assertEquals(3, integer(r.get("removed")));
    assertTrue(((List<?>) r.get("unsubscribed")).contains("it/browser/price REMOVAL"), r.toString());
    assertEquals(4001, integer(r.get("badSelector")));
  }

  @Test
  void demoPage_thenConnectsAndShowsSelectionOrSaysTopicsAreMissing() {
    Page page = context.newPage();
    page.navigate(base.toString());
    Locator status = page.locator("#status");
    page.waitForFunction("() => !document.getElementById('status').textContent.startsWith('connecting')");
    page.waitForFunction("() => /selected|does not support topics/.test(document.getElementById('status').textContent)");
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
    page.waitForFunction("() => document.querySelector(\"tr[data-topic='demo/browser-it'] .value\").textContent === '{\"n\":42}'");
  }

  // ---- the console -------------------------------------------------------------------------------------------------

  @Test
  void console_signInSeeFilterAndCloseSessions() throws Exception {
    CountDownLatch javaClosed = new CountDownLatch(1);
    Session java = Osmosis.sessions().principal("client").password("password").property("Department", "Accounts")
        .listener((s, from, to) -> {
          if (to.isClosed()) {
            javaClosed.countDown();
          }
        }).open(url);
    javaSessions.add(java);
    Session other = Osmosis.sessions().property("Department", "Payroll").open(url);
    javaSessions.add(other);
    String javaId = java.getSessionId().toString();

    Page page = context.newPage();
    page.onDialog(d -> d.accept());
    page.navigate(base + "console/");
    page.fill("#user", "admin");
    page.fill("#password", "wrong");
    page.click("#signin button");
    page.locator("#signinError").filter(new Locator.FilterOptions().setHasText("refused")).waitFor();
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
    page.locator("#sessions tr[data-id='" + javaId + "']").waitFor(
        new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));

    // close by filter
    page.fill("#filter", "Department is 'Payroll'");
    page.click("#closeMatching");
    page.waitForFunction("() => document.querySelectorAll('#sessions tr').length === 0");
    awaitSessionCount(0);
    assertTrue(other.getState().isClosed());
  }

  // ---- the chat page (rooms) ---------------------------------------------------------------------------------------

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
      alice.locator("#status").filter(new Locator.FilterOptions().setHasText(Pattern.compile("^connected$"))).waitFor();
      bob.fill("#room", "it-room");
      bob.fill("#user", "bob");
      bob.click("#join button");
      alice.locator("#log li").filter(new Locator.FilterOptions().setHasText("bob joined")).waitFor();
      bob.locator("#text:enabled").waitFor();
      bob.fill("#text", "hello from bob");
      bob.click("#send button");
      alice.locator("#log li").filter(new Locator.FilterOptions().setHasText("bob: hello from bob")).waitFor();
      assertEquals("2", alice.locator("#count").textContent());
    } finally {
      bob.context().close();
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
