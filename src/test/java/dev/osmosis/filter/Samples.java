package dev.osmosis.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/** Sample sessions for the seed's examples, and an assertion over all of them at once. */
final class Samples {

  static final SampleSession ALICE =
      SampleSession.named("alice")
          .with("$Principal", "Alice")
          .with("Department", "Accounts")
          .with("$Country", "FR")
          .with("$Language", "fr")
          .with("$Transport", "wss")
          .roles("operator", "accountancy", "administrator");
  static final SampleSession BOB =
      SampleSession.named("bob")
          .with("$Principal", "Bob")
          .with("Department", "Payroll")
          .with("Status", "Closed")
          .with("$Country", "US")
          .with("$Language", "en")
          .with("$Transport", "WEBSOCKET")
          .roles("operator", "trading desk");
  static final SampleSession CAROL =
      SampleSession.named("carol")
          .with("$Principal", "Carol")
          .with("Department", "Accounts")
          .with("Status", "Closed")
          .with("$Country", "UK")
          .with("$Language", "en")
          .with("$Version", "7")
          .with("Text", "xyz\"\\")
          .roles("accountancy");
  static final SampleSession DAVE =
      SampleSession.named("dave")
          .with("$Principal", "")
          .with("$Country", "DE")
          .with("$Version", "9");
  static final SampleSession ERIN =
      SampleSession.named("erin")
          .with("Department", "")
          .with("$Country", "FR")
          .with("$Language", "fr")
          .roles("client", "admin");

  static final List<SampleSession> ALL = List.of(ALICE, BOB, CAROL, DAVE, ERIN);

  private Samples() {}

  /** Asserts that {@code filter} selects exactly {@code expected} among {@link #ALL}. */
  static void assertSelects(String filter, SampleSession... expected) {
    SessionFilter compiled = SessionFilter.parse(filter);
    List<SampleSession> selected = new ArrayList<>();
    for (SampleSession session : ALL) {
      if (compiled.matches(session)) {
        selected.add(session);
      }
    }
    assertEquals(List.of(expected), selected, () -> filter + " compiled to " + compiled);
  }
}
