package dev.osmosis.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.client.FilterCallback;
import dev.osmosis.client.Registration;
import dev.osmosis.client.Session;
import dev.osmosis.client.SessionException;
import dev.osmosis.client.SessionId;
import dev.osmosis.client.SessionLock;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Request/response in its three addressing modes and session locks, between real Java client
 * sessions.
 */
@ExtendWith(ArquillianExtension.class)
class MessagingIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.osmosis();
  }

  @ArquillianResource URL base;
  String url;
  final List<Session> opened = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    ItServer.awaitDeployed(base);
    url = base.toString().replaceFirst("^http", "ws");
  }

  @AfterEach
  void closeAll() {
    opened.forEach(Session::close);
  }

  Session control() throws Exception {
    Session s = ItSessions.sessions().principal("control").password("password").open(url);
    opened.add(s);
    return s;
  }

  Session client(String team) throws Exception {
    Session s =
        ItSessions.sessions()
            .principal("client")
            .password("password")
            .property("Team", team)
            .open(url);
    opened.add(s);
    return s;
  }

  static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(10, TimeUnit.SECONDS);
  }

  static SessionException error(CompletableFuture<?> future) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
    return assertInstanceOf(SessionException.class, e.getCause());
  }

  @Test
  void requestToPath_whenHandlerRegistered_thenResponseAndSenderPropertiesReachTheHandler()
      throws Exception {
    Session handler = control();
    Map<String, String> seen = new ConcurrentHashMap<>();
    await(
        handler
            .messages()
            .addRequestHandler(
                "it/path/echo",
                String.class,
                String.class,
                (request, context, responder) -> {
                  seen.putAll(context.getSessionProperties());
                  responder.respond(request.toUpperCase() + " at " + context.getPath());
                },
                "Team"));
    Session sender = client("blue");

    assertEquals(
        "HELLO at it/path/echo/sub",
        await(
            sender
                .messages()
                .sendRequest("it/path/echo/sub", "hello", String.class, String.class)));
    assertEquals(Map.of("Team", "blue"), seen);
  }

  @Test
  void requestToPath_whenNoHandlerOrHandlerThrows_thenClearErrors() throws Exception {
    Session handler = control();
    await(
        handler
            .messages()
            .addRequestHandler(
                "it/path/fails",
                Long.class,
                Long.class,
                (request, context, responder) -> {
                  throw new IllegalStateException("cannot count " + request);
                }));
    Session sender = client("blue");

    SessionException none =
        error(sender.messages().sendRequest("it/path/nobody", 1L, Long.class, Long.class));
    assertEquals(4004, none.getCode());
    SessionException threw =
        error(sender.messages().sendRequest("it/path/fails", 7L, Long.class, Long.class));
    assertEquals(4010, threw.getCode());
    assertTrue(threw.getMessage().contains("cannot count 7"), threw.getMessage());
  }

  @Test
  void addRequestHandler_whenTakenOrClientRole_thenConflictOrPermissionDenied() throws Exception {
    Session first = control();
    Registration registration =
        await(
            first
                .messages()
                .addRequestHandler(
                    "it/path/taken",
                    String.class,
                    String.class,
                    (r, c, responder) -> responder.respond(r)));
    assertEquals(
        4009,
        error(
                control()
                    .messages()
                    .addRequestHandler(
                        "it/path/taken",
                        String.class,
                        String.class,
                        (r, c, responder) -> responder.respond(r)))
            .getCode());
    SessionException denied =
        error(
            client("x")
                .messages()
                .addRequestHandler(
                    "it/path/mine",
                    String.class,
                    String.class,
                    (r, c, responder) -> responder.respond(r)));
    assertEquals(3001, denied.getCode());
    assertTrue(denied.getMessage().contains("REGISTER_HANDLER"), denied.getMessage());

    await(registration.close());
    await(
        control()
            .messages()
            .addRequestHandler(
                "it/path/taken",
                String.class,
                String.class,
                (r, c, responder) -> responder.respond(r)));
  }

  @Test
  void requestToSession_whenStreamSet_thenAnsweredAndWithoutStreamNotFound() throws Exception {
    Session target = client("green");
    target
        .messages()
        .setRequestStream(
            "it/session/chat",
            String.class,
            String.class,
            (path, request, responder) -> responder.respond("got " + request));
    Session sender = control();

    assertEquals(
        "got hi",
        await(
            sender
                .messages()
                .sendRequest(
                    target.getSessionId(), "it/session/chat", "hi", String.class, String.class)));
    assertEquals(
        4004,
        error(
                sender
                    .messages()
                    .sendRequest(
                        target.getSessionId(),
                        "it/session/other",
                        "hi",
                        String.class,
                        String.class))
            .getCode());
  }

  @Test
  void requestToSession_whenTargetClosesMidRequest_thenRecipientGone() throws Exception {
    Session target = client("green");
    CountDownLatch received = new CountDownLatch(1);
    target
        .messages()
        .setRequestStream(
            "it/session/slow",
            String.class,
            String.class,
            (path, request, responder) -> received.countDown()); // never answers
    Session sender = control();

    CompletableFuture<String> response =
        sender
            .messages()
            .sendRequest(
                target.getSessionId(), "it/session/slow", "hi", String.class, String.class);
    assertTrue(received.await(10, TimeUnit.SECONDS));
    target.close();

    assertEquals(4011, error(response).getCode());
  }

  @Test
  void requestToFilter_thenCountAndEachSessionsResponseOrError() throws Exception {
    List<Session> targets = List.of(client("it-filter"), client("it-filter"), client("it-filter"));
    targets
        .get(0)
        .messages()
        .setRequestStream(
            "it/filter/q",
            Long.class,
            Long.class,
            (path, request, responder) -> responder.respond(request + 1));
    targets
        .get(1)
        .messages()
        .setRequestStream(
            "it/filter/q",
            Long.class,
            Long.class,
            (path, request, responder) -> responder.respond(request + 2));
    targets
        .get(2)
        .messages()
        .setRequestStream(
            "it/filter/q",
            Long.class,
            Long.class,
            (path, request, responder) -> responder.reject("not me"));
    Session sender = control();
    Map<SessionId, Object> answers = new ConcurrentHashMap<>();
    CountDownLatch all = new CountDownLatch(3);

    int count =
        await(
            sender
                .messages()
                .sendRequestToFilter(
                    "Team is 'it-filter'",
                    "it/filter/q",
                    40L,
                    Long.class,
                    Long.class,
                    new FilterCallback<>() {
                      @Override
                      public void onResponse(SessionId session, Long response) {
                        answers.put(session, response);
                        all.countDown();
                      }

                      @Override
                      public void onResponseError(SessionId session, Throwable error) {
                        answers.put(
                            session,
                            ((SessionException) error).getCode() + " " + error.getMessage());
                        all.countDown();
                      }
                    }));

    assertEquals(3, count);
    assertTrue(all.await(10, TimeUnit.SECONDS));
    assertEquals(41L, answers.get(targets.get(0).getSessionId()));
    assertEquals(42L, answers.get(targets.get(1).getSessionId()));
    assertEquals("4010 not me", answers.get(targets.get(2).getSessionId()));
  }

  @Test
  void lock_whenContended_thenSecondWaitsAndGetsItAfterUnlockOrCloseWithHigherSequences()
      throws Exception {
    Session a = control();
    Session b = control();
    Session c = control();
    SessionLock first = await(a.lock("it/lock/shared"));
    assertTrue(first.isOwned());

    CompletableFuture<SessionLock> second = b.lock("it/lock/shared");
    // b's connection is processed in order: once its ping is answered, its lock request is queued
    // at the server.
    await(b.pingServer());
    CompletableFuture<SessionLock> third = c.lock("it/lock/shared");
    await(c.pingServer());
    Thread.sleep(300);
    assertFalse(second.isDone(), "b waits while a holds the lock");

    assertTrue(await(first.unlock()));
    SessionLock bLock = await(second);
    assertTrue(bLock.getSequence() > first.getSequence());
    assertFalse(third.isDone(), "c queued after b");

    b.close();
    SessionLock cLock = await(third);
    assertTrue(cLock.getSequence() > bLock.getSequence());
    assertEquals(Set.of("it/lock/shared"), Set.of(cLock.getName()));
  }

  @Test
  void lock_whenClientRole_thenPermissionDenied() throws Exception {
    SessionException denied = error(client("x").lock("it/lock/any"));
    assertEquals(3001, denied.getCode());
    assertTrue(denied.getMessage().contains("ACQUIRE_LOCK"), denied.getMessage());
  }
}
