package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.osmosis.session.Connection;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurrentConnectionTest {

  /**
   * A forwarding connection that inherits a default method silently drops what its target does
   * differently (the anonymous delegate it replaces lost {@code sendDirect} that way).
   */
  @Test
  void forwardsEveryMethodOfConnection_noDefaultInherited() {
    List<String> inherited = new ArrayList<>();
    for (Method m : Connection.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      try {
        CurrentConnection.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
      } catch (NoSuchMethodException e) {
        inherited.add(m.toString());
      }
    }
    assertEquals(List.of(), inherited);
  }

  @Test
  void sendsToTheSequencedConnectionOnceThereIsOne_addressFromTheTransport() {
    ReconnectTest.FakeLink raw = new ReconnectTest.FakeLink();
    ReliableConnection[] sequenced = new ReliableConnection[1];
    CurrentConnection current = new CurrentConnection(raw, () -> sequenced[0]);
    current.sendDirect("plain");
    assertEquals(List.of("plain"), raw.frames);

    sequenced[0] = new ReliableConnection(Runnable::run, 100, 100, 65536, reason -> {});
    sequenced[0].attach(raw, 0, "C");
    current.sendDirect("numbered");
    assertEquals("{\"s\":1,\"ack\":0,\"m\":[numbered]}", raw.last());
    assertEquals("127.0.0.1", current.remoteAddress());
  }
}
