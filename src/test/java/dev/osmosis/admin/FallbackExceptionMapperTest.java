package dev.osmosis.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import org.junit.jupiter.api.Test;

class FallbackExceptionMapperTest {
  @Test
  void isBadJson_whenParseOrBindingErrorEvenWrapped_thenTrue() {
    assertTrue(FallbackExceptionMapper.isBadJson(new JsonException("unexpected EOF")));
    assertTrue(FallbackExceptionMapper.isBadJson(new JsonbException("cannot bind")));
    assertTrue(
        FallbackExceptionMapper.isBadJson(
            new ProcessingException("reader", new JsonbException("x"))));
    assertTrue(
        FallbackExceptionMapper.isBadJson(
            new ProcessingException(
                "outer", new ProcessingException("inner", new JsonException("x")))));
  }

  @Test
  void isBadJson_whenOtherErrorEvenCausedByJson_thenFalse() {
    assertFalse(FallbackExceptionMapper.isBadJson(new IllegalStateException("bug")));
    assertFalse(FallbackExceptionMapper.isBadJson(new ProcessingException("no cause")));
    assertFalse(
        FallbackExceptionMapper.isBadJson(
            new IllegalStateException("bug", new JsonException("x"))));
  }
}
