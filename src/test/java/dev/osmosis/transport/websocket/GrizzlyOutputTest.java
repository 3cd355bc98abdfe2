package dev.osmosis.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

class GrizzlyOutputTest {
  // The shape of Payara 6's objects: ResponseFacade -> Response -> OutputBuffer -> Grizzly OutputBuffer.
  static class GrizzlyBuffer {
    private int bufferSize = 8192;
  }

  static class CatalinaOutput {
    private final GrizzlyBuffer grizzlyOutputBuffer = new GrizzlyBuffer();
  }

  static class CatalinaResponse {
    private final CatalinaOutput outputBuffer = new CatalinaOutput();
  }

  static class BaseFacade {
    protected CatalinaResponse response = new CatalinaResponse();
  }

  static class Facade extends BaseFacade {}

  @Test
  void lookup_payaraShape_thenSetsTheBufferSizeThroughTheChain() throws Exception {
    Facade facade = new Facade();
    Field[] path = GrizzlyOutput.lookup(facade);
    assertNotNull(path);
    Object at = facade;
    for (int i = 0; i < path.length - 1; i++) {
      at = path[i].get(at);
    }
    path[path.length - 1].setInt(at, GrizzlyOutput.SIZE);
    assertEquals(GrizzlyOutput.SIZE, facade.response.outputBuffer.grizzlyOutputBuffer.bufferSize);
  }

  @Test
  void lookup_otherContainer_thenNothing() {
    assertNull(GrizzlyOutput.lookup(new Object()));
    assertNull(GrizzlyOutput.lookup(new CatalinaOutput()));
  }
}
