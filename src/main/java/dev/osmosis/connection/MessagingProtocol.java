package dev.osmosis.connection;

import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.lock.SessionLockScope;
import dev.osmosis.lock.SessionLocks;
import dev.osmosis.message.FilterReply;
import dev.osmosis.message.Messaging;
import dev.osmosis.message.Payload;
import dev.osmosis.message.Reply;
import dev.osmosis.message.Request;
import dev.osmosis.message.RequestSender;
import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.MessagingFrames;
import dev.osmosis.protocol.QueryFrames;
import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.wire.ErrorCode;

/**
 * The messaging and lock messages of one server (docs/PROTOCOL.md §10), between the client
 * connections and the {@link Messaging} and {@link SessionLocks} cores. Shared by every connection;
 * stateless itself. Refusals are thrown as {@link RequestException}s for {@link ClientConnection}
 * to answer.
 */
public final class MessagingProtocol {
  private static final System.Logger LOG = System.getLogger(MessagingProtocol.class.getName());

  private final Messaging messaging;
  private final SessionLocks locks;

  public MessagingProtocol(Messaging messaging, SessionLocks locks) {
    this.messaging = messaging;
    this.locks = locks;
  }

  /**
   * How requests reach the session that must answer them: encoded once, enqueued on its connection.
   */
  /** The messaging core. */
  public Messaging messaging() {
    return messaging;
  }

  /** The session locks, for the {@code locked} update constraint. */
  public SessionLocks locks() {
    return locks;
  }

  public static RequestSender sender() {
    return new RequestSender() {
      @Override
      public void send(Session target, Request request) {
        target.connection().send(MessagingFrames.request(request));
      }

      @Override
      public void sendOne(Session target, Request request) {
        target.connection().sendDirect(MessagingFrames.request(request));
      }
    };
  }

  /** Whether {@code frame} is a messaging or lock message. */
  static boolean isMessaging(ClientFrame frame) {
    return frame instanceof ClientFrame.AddRequestHandler
        || frame instanceof ClientFrame.RemoveRequestHandler
        || frame instanceof ClientFrame.SendRequest
        || frame instanceof ClientFrame.SendRequestToFilter
        || frame instanceof ClientFrame.Response
        || frame instanceof ClientFrame.ResponseError
        || frame instanceof ClientFrame.Lock
        || frame instanceof ClientFrame.Unlock
        || frame instanceof ClientFrame.GetSessionLocks;
  }

  /** Handles {@code frame} if it is a messaging or lock message; false if it is not one. */
  boolean handle(Session s, ClientFrame frame, Connection connection) {
    if (frame instanceof ClientFrame.AddRequestHandler add) {
      connection.send(
          MessagingFrames.handlerAdded(add.id(), messaging.addHandler(s, add.path(), add.keys())));
    } else if (frame instanceof ClientFrame.RemoveRequestHandler remove) {
      connection.send(
          MessagingFrames.removed(remove.id(), messaging.removeHandler(s, remove.path())));
    } else if (frame instanceof ClientFrame.SendRequest send) {
      Reply reply = reply(send.id(), connection);
      if (s.connection() instanceof ReliableConnection r) {
        // fail-over: kept in the session's record until answered, sent again by a resuming node
        r.failover().awaits(send.id(), send.path(), send.session(), send.type(), send.value());
        reply = answering(reply, r, send.id());
      }
      Payload request = new Payload(send.type(), send.value());
      try {
        if (send.session() == null) {
          messaging.sendToPath(s, send.path(), request, reply);
        } else {
          messaging.sendToSession(s, send.session(), send.path(), request, reply);
        }
      } catch (RuntimeException e) {
        if (s.connection() instanceof ReliableConnection r) {
          r.failover()
              .answered(send.id()); // refused: answered by the caller (a replay is refused again)
        }
        throw e;
      }
    } else if (frame instanceof ClientFrame.SendRequestToFilter send) {
      messaging.sendToFilter(
          s,
          send.filter(),
          send.path(),
          new Payload(send.type(), send.value()),
          filterReply(send.id(), connection));
    } else if (frame instanceof ClientFrame.Response response) {
      if (!messaging.respond(s, response.rid(), new Payload(response.type(), response.value()))) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "session {0}: late or unknown response {1}",
            s.id(),
            response.rid());
      }
    } else if (frame instanceof ClientFrame.ResponseError error) {
      ErrorCode code =
          error.code() == ErrorCode.NOT_FOUND.code()
              ? ErrorCode.NOT_FOUND
              : error.code() == ErrorCode.INVALID_ARGUMENT.code()
                  ? ErrorCode.INVALID_ARGUMENT
                  : ErrorCode.REJECTED_REQUEST;
      messaging.respondError(s, error.rid(), code, error.message());
    } else if (frame instanceof ClientFrame.GetSessionLocks get) {
      connection.send(QueryFrames.sessionLocks(get.id(), locks.holders(s, get.name())));
    } else if (frame instanceof ClientFrame.Lock lock) {
      locks.lock(
          s,
          lock.name(),
          SessionLockScope.valueOf(lock.scope()),
          grant ->
              connection.send(
                  MessagingFrames.locked(
                      lock.id(), grant.name(), grant.sequence(), grant.scope().name())));
    } else if (frame instanceof ClientFrame.Unlock unlock) {
      connection.send(
          MessagingFrames.unlocked(unlock.id(), locks.unlock(s, unlock.name(), unlock.sequence())));
    } else {
      return false;
    }
    return true;
  }

  /**
   * A resumed session's request its dead node had sent on and not seen answered: sent again (the
   * first answer went to the dead node); a refusal is answered as an error.
   */
  void resend(Session s, SessionReplication.Awaiting request, ReliableConnection connection) {
    try {
      handle(
          s,
          new ClientFrame.SendRequest(
              request.id(), request.path(), request.session(), request.type(), request.value()),
          connection);
    } catch (dev.osmosis.error.RequestException e) {
      connection.sendDirect(ServerFrames.error(request.id(), e.code(), e.getMessage()));
      connection.failover().answered(request.id());
    }
  }

  /** {@code reply}, then the request leaves what {@code r} keeps in flight. */
  private static Reply answering(Reply reply, ReliableConnection r, long id) {
    return new Reply() {
      @Override
      public void response(Payload response) {
        reply.response(response);
        r.failover().answered(id);
      }

      @Override
      public void error(ErrorCode code, String message) {
        reply.error(code, message);
        r.failover().answered(id);
      }
    };
  }

  private static Reply reply(long id, Connection connection) {
    return new Reply() {
      @Override
      public void response(Payload response) {
        connection.sendDirect(MessagingFrames.response(id, response));
      }

      @Override
      public void error(ErrorCode code, String message) {
        connection.sendDirect(ServerFrames.error(id, code, message));
      }
    };
  }

  private static FilterReply filterReply(long id, Connection connection) {
    return new FilterReply() {
      @Override
      public void count(int sessions) {
        connection.send(ServerFrames.count(id, sessions, null));
      }

      @Override
      public void response(SessionId session, Payload response) {
        connection.send(MessagingFrames.filterResponse(id, session.toString(), response));
      }

      @Override
      public void error(SessionId session, ErrorCode code, String message) {
        connection.send(MessagingFrames.filterResponseError(id, session.toString(), code, message));
      }
    };
  }
}
