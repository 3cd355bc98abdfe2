package dev.osmosis.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.session.SessionId;
import dev.osmosis.wire.ErrorCode;
import org.junit.jupiter.api.Test;

/** Answered requests' round trips are recorded; timeouts and gone recipients are not. */
class PendingRequestsRoundTripTest {
  static final Reply NOBODY =
      new Reply() {
        @Override
        public void response(Payload response) {}

        @Override
        public void error(ErrorCode code, String message) {}
      };

  @Test
  void respondAndFail_whenAnswered_thenEachRecordedOnce() {
    PendingRequests pending = new PendingRequests(10);
    SessionId requester = SessionId.random();
    SessionId recipient = SessionId.random();
    long a = pending.add(requester, recipient, Long.MAX_VALUE, NOBODY);
    long b = pending.add(requester, recipient, Long.MAX_VALUE, NOBODY);

    pending.respond(recipient, a, new Payload("json", "1"));
    pending.respond(recipient, a, new Payload("json", "1")); // late: not pending any more
    pending.fail(recipient, b, ErrorCode.HANDLER_CONFLICT, "handler failed");

    assertEquals(2, pending.roundTrips().count());
    assertEquals(
        2, pending.roundTrips().cumulative(PendingRequests.ROUND_TRIP_BOUNDS_MICROS.length));
    assertTrue(pending.roundTrips().sum() >= 0);
  }

  @Test
  void sweepAndRecipientGone_whenUnanswered_thenNothingRecorded() {
    PendingRequests pending = new PendingRequests(10);
    SessionId requester = SessionId.random();
    SessionId recipient = SessionId.random();
    pending.add(requester, recipient, 5, NOBODY);
    pending.add(requester, SessionId.random(), Long.MAX_VALUE, NOBODY);

    assertEquals(1, pending.sweep(10));
    pending.recipientGone(recipient, "gone");

    assertEquals(0, pending.roundTrips().count());
  }
}
