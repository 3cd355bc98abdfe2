package dev.osmosis.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The digest both clients and the server compute (PROTOCOL.md §12 "Resuming notifications"): the
 * expected values are the browser client's (war/js/osmosis/notifications.js, run in Node).
 */
class NotifiedDigestTest {

  @Test
  void hash_isFnv1a64OverUtf16CodeUnits_asTheBrowserClientComputesIt() {
    assertEquals(0xaf63dc4c8601ec8cL, NotifiedDigest.hash("a"), "the FNV-1a test vector of a");
    assertEquals(0xa19ecef2d596396fL, NotifiedDigest.hash("prices/€/x"));
    NotifiedDigest d = new NotifiedDigest();
    d.add("a");
    d.add("b");
    assertEquals("0000030000001d29", d.hex());
    assertEquals(2, d.count());
  }

  @Test
  void digest_thenOrderIndependent_andARemovalUndoesItsAdd() {
    NotifiedDigest one = new NotifiedDigest();
    one.add("x/1");
    one.add("x/2");
    one.add("x/3");
    one.remove("x/2");
    NotifiedDigest other = new NotifiedDigest();
    other.add("x/3");
    other.add("x/1");
    assertTrue(one.matches(other));
    assertTrue(new NotifiedDigest(2, NotifiedDigest.parseHex(other.hex())).matches(one));
    assertThrows(
        IllegalArgumentException.class, () -> NotifiedDigest.parseHex("12345678901234567"));
  }
}
