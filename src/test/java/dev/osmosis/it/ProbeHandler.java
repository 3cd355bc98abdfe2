package dev.osmosis.it;

import dev.osmosis.ingress.IngressHandler;
import dev.osmosis.ingress.IngressName;
import dev.osmosis.ingress.IngressSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;

/**
 * A test-only ingress handler at /ws/probe: reports what its session saw at the handshake, echoes
 * messages.
 */
@ApplicationScoped
@IngressName("probe")
public class ProbeHandler implements IngressHandler {

  @Override
  public void onOpen(IngressSession session) {
    session.send(
        Json.createObjectBuilder()
            .add("id", session.id())
            .add("probe", String.valueOf(session.getHeader("x-probe")))
            .add("p", String.valueOf(session.getParameter("p")))
            .add("path", session.getRequestPath())
            .add("addr", session.getRemoteAddr())
            .build()
            .toString());
  }

  @Override
  public void onMessage(IngressSession session, String message) {
    if (message.equals("throw")) {
      throw new IllegalStateException("ProbeHandler fails on purpose (RoomsIT)");
    }
    session.send("echo:" + message);
  }
}
