package dev.osmosis.transport.websocket.internals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fallbacks of {@link ConnectionProbes}; the removal itself, on Payara's real probe, is
 * SessionsIT's ({@code webSocketByteProbes} is {@code removed}).
 */
class ConnectionProbesTest {

  /** A connection with Grizzly's shape: its monitoring config holds probes of one type. */
  public static final class FakeConnection {
    private final FakeConfig config = new FakeConfig();

    public FakeConfig getMonitoringConfig() {
      return config;
    }
  }

  public static final class FakeConfig {
    final List<Runnable> probes = new ArrayList<>();

    public Runnable[] getProbes() {
      return probes.toArray(new Runnable[0]);
    }

    public boolean removeProbes(Object... remove) {
      return probes.removeAll(Arrays.asList(remove));
    }
  }

  @AfterEach
  void defaults() {
    ConnectionProbes.remove(true);
  }

  @Test
  void strip_whenSettingOff_thenKeptAndUntouched() {
    FakeConnection connection = new FakeConnection();
    Runnable probe = () -> {};
    connection.config.probes.add(probe);
    ConnectionProbes.remove(false);
    ConnectionProbes.strip(connection);
    assertEquals("kept", ConnectionProbes.state());
    assertEquals(List.of(probe), connection.config.probes);
  }

  @Test
  void strip_whenNoPayaraByteProbe_thenNotFoundAndOtherProbesKept() {
    FakeConnection connection = new FakeConnection();
    Runnable monitor = () -> {};
    connection.config.probes.add(monitor);
    ConnectionProbes.strip(connection);
    assertEquals("not-found", ConnectionProbes.state());
    assertEquals(List.of(monitor), connection.config.probes);
  }

  @Test
  void strip_whenNoMonitoringConfig_thenNotFound() {
    ConnectionProbes.strip(new Object());
    assertEquals("not-found", ConnectionProbes.state());
  }

  @Test
  void byteProbes_whenNoneMatch_thenEmptyArrayOfTheSameType() {
    Object[] none = ConnectionProbes.byteProbes(new Runnable[] {() -> {}});
    assertArrayEquals(new Runnable[0], none);
    assertEquals(Runnable.class, none.getClass().getComponentType());
  }
}
