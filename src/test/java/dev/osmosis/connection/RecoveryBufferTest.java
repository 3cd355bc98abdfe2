package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecoveryBufferTest {
  final RecoveryBuffer buffer = new RecoveryBuffer(5, 10);

  @Test
  void append_numbersInOrder_resumeReplaysFromTheClientsAck_cutAtTheFrameSize() {
    buffer.append(new String[] {"aa", "bb", "cc", "dd"}, 0, 4); // 1..4
    assertEquals(5, buffer.next());
    assertEquals(0, buffer.unsent());

    buffer.resume(1);
    assertEquals(3, buffer.size());
    assertEquals(2, buffer.cursor());
    assertEquals(3, buffer.unsent());
    assertEquals(6, buffer.unsentChars());
    String[] frame = new String[3];
    assertEquals(2, buffer.replay(frame, 4), "stops once the frame holds 4 characters");
    assertArrayEquals(new String[] {"bb", "cc", null}, frame);
    assertEquals(1, buffer.replay(frame, 4));
    assertEquals("dd", frame[0]);
    assertEquals(0, buffer.unsent());
  }

  @Test
  void resume_whenAckNeverSentOrAlreadyDropped_thenRefused() {
    buffer.append(new String[] {"a", "b"}, 0, 2);
    buffer.ack(1);
    assertThrows(IllegalArgumentException.class, () -> buffer.resume(3), "never sent");
    assertThrows(IllegalArgumentException.class, () -> buffer.resume(-1), "already dropped");
    buffer.resume(2);
    assertEquals(0, buffer.size());
  }

  @Test
  void refuses_countsKeptAndQueuedMessagesAndCharacters() {
    buffer.append(new String[] {"aaaa", "bbbb"}, 0, 2);
    assertFalse(buffer.refuses(1, 2), "3 messages, 10 characters");
    assertTrue(buffer.refuses(1, 3), "11 characters");
    assertTrue(buffer.refuses(4, 0), "6 messages");
    buffer.ack(2);
    assertFalse(buffer.refuses(5, 10));
  }

  @Test
  void append_pastTheRing_thenGrows_andAckDropsInOrder() {
    String[] many = new String[40];
    Arrays.fill(many, "m");
    RecoveryBuffer big = new RecoveryBuffer(1000, 1000);
    big.append(many, 0, 40);
    big.ack(39);
    assertEquals(1, big.size());
    assertEquals(41, big.next());
    big.resume(39);
    String[] frame = new String[2];
    assertEquals(1, big.replay(frame, 100));
  }
}
