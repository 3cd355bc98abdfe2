package dev.osmosis.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;

class CsrfFilterTest {
  private static final MediaType JSON = new MediaType("application", "json");

  @Test
  void allowed_whenSafeMethod_thenNothingRequired() {
    assertTrue(CsrfFilter.allowed("GET", null, null));
    assertTrue(CsrfFilter.allowed("HEAD", null, null));
    assertTrue(CsrfFilter.allowed("OPTIONS", null, null));
  }

  @Test
  void allowed_whenStateChangeWithoutJsonOrHeader_thenRefused() {
    for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
      assertFalse(CsrfFilter.allowed(method, null, null), method);
      assertFalse(CsrfFilter.allowed(method, new MediaType("text", "plain"), null), method);
      assertFalse(
          CsrfFilter.allowed(method, new MediaType("application", "x-www-form-urlencoded"), ""),
          method);
      assertFalse(
          CsrfFilter.allowed(method, new MediaType("multipart", "form-data"), "  "), method);
    }
  }

  @Test
  void allowed_whenJsonBodyOrMarkerHeader_thenAllowed() {
    assertTrue(CsrfFilter.allowed("POST", JSON, null));
    assertTrue(CsrfFilter.allowed("PUT", new MediaType("application", "merge-patch+json"), null));
    assertTrue(CsrfFilter.allowed("POST", null, "XMLHttpRequest"));
    assertTrue(CsrfFilter.allowed("DELETE", new MediaType("text", "plain"), "curl"));
  }
}
