package dev.osmosis.topic;

import dev.osmosis.filter.SessionFilter;
import java.util.List;
import java.util.Objects;

/**
 * A compiled {@link TopicSpecification#REMOVAL} property: a condition tree and an optional selector
 * of the topics to remove (default: the topic itself). Immutable; parse with {@link #parse}. The
 * language is Diffusion's (grammar and examples in {@code docs/TOPICS.md}, "Removal policies"):
 *
 * <pre>
 * when CONDITION [remove 'SELECTOR']
 * CONDITION := time after (EPOCH_MILLIS | 'RFC 1123 date')
 *            | [local] subscriptions &lt; N for PERIOD [after PERIOD]
 *            | no updates for PERIOD [after PERIOD]
 *            | no [local] session has 'FILTER' [for PERIOD] [after PERIOD]
 *            | this session closes
 *            | CONDITION and CONDITION | CONDITION or CONDITION | ( CONDITION )
 * PERIOD    := digits followed by s, m, h or d (10m)
 * </pre>
 *
 * <p>Each of the four kinds of condition (time after; subscriptions; no updates; no session has or
 * its shorthand this session closes) may occur at most once, as Diffusion requires.
 *
 * @param text the property text as given
 * @param condition the condition tree
 * @param removeSelector the {@code remove} clause's selector text, or {@code null} for the topic
 */
public record RemovalPolicy(String text, Condition condition, String removeSelector) {

  public RemovalPolicy {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(condition, "condition");
  }

  /**
   * Parses a REMOVAL property.
   *
   * @throws RemovalSyntaxException naming the 0-based position of the problem
   */
  public static RemovalPolicy parse(String text) {
    return new RemovalPolicyParser(text).parse();
  }

  /**
   * The condition of the kind in the tree, or {@code null}; each kind occurs at most once (an
   * {@link And} or {@link Or} kind answers the outermost).
   */
  public <T extends Condition> T find(Class<T> kind) {
    return find(condition, kind);
  }

  private static <T extends Condition> T find(Condition c, Class<T> kind) {
    if (kind.isInstance(c)) {
      return kind.cast(c);
    }
    List<Condition> children =
        c instanceof And ? ((And) c).operands() : c instanceof Or ? ((Or) c).operands() : List.of();
    for (Condition child : children) {
      T found = find(child, kind);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** A node of the condition tree. */
  public sealed interface Condition
      permits TimeAfter, SubscriptionsBelow, NoUpdates, NoSession, ThisSessionCloses, And, Or {}

  /** {@code time after T}: holds from {@code epochMillis} on. */
  public record TimeAfter(long epochMillis) implements Condition {}

  /**
   * {@code [local] subscriptions < count for P [after A]}; {@code local} means the same as not on a
   * single server. Periods in milliseconds; {@code afterMillis} is 0 when absent.
   */
  public record SubscriptionsBelow(boolean local, int count, long forMillis, long afterMillis)
      implements Condition {}

  /** {@code no updates for P [after A]}. */
  public record NoUpdates(long forMillis, long afterMillis) implements Condition {}

  /**
   * {@code no [local] session has 'FILTER' [for P] [after A]}; {@code forMillis} is 0 when absent.
   */
  public record NoSession(
      boolean local, String filterText, SessionFilter filter, long forMillis, long afterMillis)
      implements Condition {}

  /** {@code this session closes}: the session that added the topic has closed. */
  public record ThisSessionCloses() implements Condition {}

  /** Two or more conditions that must all hold. */
  public record And(List<Condition> operands) implements Condition {
    public And {
      operands = List.copyOf(operands);
    }
  }

  /** Two or more conditions of which one must hold. */
  public record Or(List<Condition> operands) implements Condition {
    public Or {
      operands = List.copyOf(operands);
    }
  }
}
