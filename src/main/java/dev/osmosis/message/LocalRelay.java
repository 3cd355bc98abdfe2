package dev.osmosis.message;

import dev.osmosis.filter.SessionFilter;
import java.util.List;

/**
 * The grid off: this node alone. There is no other node, so no session or handler is elsewhere and
 * nothing is ever sent; {@link Messaging} runs exactly as on one server.
 */
public final class LocalRelay implements NodeRelay {
  public static final LocalRelay INSTANCE = new LocalRelay();

  private LocalRelay() {}

  @Override
  public boolean clustered() {
    return false;
  }

  @Override
  public String nodeId() {
    return "local";
  }

  @Override
  public void start(Inbound inbound) {}

  @Override
  public String nodeOf(String sessionId) {
    return null;
  }

  @Override
  public List<RemoteSession> othersMatching(SessionFilter filter) {
    return List.of();
  }

  @Override
  public RemoteHandler handler(String branch) {
    return null;
  }

  @Override
  public void handlerAdded(RequestHandlers.Handler handler) {}

  @Override
  public void handlerRemoved(RequestHandlers.Handler handler) {}

  @Override
  public void send(String node, RemoteRequest request) {
    throw new IllegalStateException("no other node: nothing is sent");
  }

  @Override
  public void answer(String node, RemoteAnswer answer) {}

  @Override
  public void send(String node, RemoteFanOut fanOut) {
    throw new IllegalStateException("no other node: nothing is sent");
  }

  @Override
  public void send(String node, RemoteControl control) {
    throw new IllegalStateException("no other node: nothing is sent");
  }

  @Override
  public void answerControl(String node, RemoteAnswer answer) {}
}
