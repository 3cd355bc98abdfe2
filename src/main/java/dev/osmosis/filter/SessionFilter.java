package dev.osmosis.filter;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A compiled session filter: an immutable predicate tree over {@link FilterTarget}s. Instances are
 * thread-safe and {@link #matches} allocates nothing, so one instance serves every session on every
 * thread. Obtain one from {@link SessionFilterParser#parse} or, cached by text, {@link
 * SessionFilters#compile}.
 */
public sealed interface SessionFilter {

  /** Returns whether the session satisfies this filter. */
  boolean matches(FilterTarget session);

  /** Parses {@code text} with the default limits, without caching. */
  static SessionFilter parse(String text) {
    return SessionFilterParser.DEFAULT.parse(text);
  }

  /** {@code all}: every session. Also the compiled form of {@code has $Roles}. */
  record All() implements SessionFilter {
    @Override
    public boolean matches(FilterTarget session) {
      return true;
    }
  }

  /** {@code not X}. */
  record Not(SessionFilter operand) implements SessionFilter {
    public Not {
      Objects.requireNonNull(operand);
    }

    @Override
    public boolean matches(FilterTarget session) {
      return !operand.matches(session);
    }
  }

  /** {@code X and Y and ...}: evaluated left to right, stopping at the first false. */
  record And(List<SessionFilter> operands) implements SessionFilter {
    public And {
      operands = List.copyOf(operands);
    }

    @Override
    public boolean matches(FilterTarget session) {
      // An indexed loop: an iterator would be an allocation per evaluation.
      for (int i = 0, n = operands.size(); i < n; i++) {
        if (!operands.get(i).matches(session)) {
          return false;
        }
      }
      return true;
    }
  }

  /** {@code X or Y or ...}: evaluated left to right, stopping at the first true. */
  record Or(List<SessionFilter> operands) implements SessionFilter {
    public Or {
      operands = List.copyOf(operands);
    }

    @Override
    public boolean matches(FilterTarget session) {
      for (int i = 0, n = operands.size(); i < n; i++) {
        if (operands.get(i).matches(session)) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code key is "value"} (or {@code eq}): the property is present and equal. */
  record Equals(String key, String value, boolean canonical) implements SessionFilter {
    /**
     * {@code canonical}: whether {@code value} is the {@link CanonicalValues} instance (derived,
     * not chosen).
     */
    public Equals {
      key = CanonicalKeys.of(Objects.requireNonNull(key));
      String pooled = CanonicalValues.of(Objects.requireNonNull(value));
      canonical = pooled != null;
      value = canonical ? pooled : value;
    }

    public Equals(String key, String value) {
      this(key, value, false);
    }

    @Override
    public boolean matches(FilterTarget session) {
      return session.propertyIs(key, value, canonical);
    }
  }

  /**
   * {@code key ne "value"}: the negation of {@link Equals}, so it matches when the key is absent.
   */
  record NotEquals(String key, String value, boolean canonical) implements SessionFilter {
    /**
     * {@code canonical}: whether {@code value} is the {@link CanonicalValues} instance (derived,
     * not chosen).
     */
    public NotEquals {
      key = CanonicalKeys.of(Objects.requireNonNull(key));
      String pooled = CanonicalValues.of(Objects.requireNonNull(value));
      canonical = pooled != null;
      value = canonical ? pooled : value;
    }

    public NotEquals(String key, String value) {
      this(key, value, false);
    }

    @Override
    public boolean matches(FilterTarget session) {
      return !session.propertyIs(key, value, canonical);
    }
  }

  /** {@code key in ["a", "b"]}: the property is present and one of the values. */
  record In(String key, Set<String> values) implements SessionFilter {
    public In {
      key = CanonicalKeys.of(Objects.requireNonNull(key));
      values = Set.copyOf(values);
    }

    @Override
    public boolean matches(FilterTarget session) {
      String value = session.property(key);
      return value != null && values.contains(value);
    }
  }

  /** {@code has key}: the property is present, whatever its value (the empty string included). */
  record Has(String key) implements SessionFilter {
    public Has {
      key = CanonicalKeys.of(Objects.requireNonNull(key));
    }

    @Override
    public boolean matches(FilterTarget session) {
      return session.property(key) != null;
    }
  }

  /** {@code hasRoles ["a" "b"]}: the session has every listed role, and maybe others. */
  record HasRoles(List<String> roles) implements SessionFilter {
    public HasRoles {
      roles = List.copyOf(roles);
    }

    @Override
    public boolean matches(FilterTarget session) {
      for (int i = 0, n = roles.size(); i < n; i++) {
        if (!session.hasRole(roles.get(i))) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * {@code $Roles is '"a","b"'}: the session has exactly these roles, in any order. {@code roles}
   * is kept sorted and distinct, so equal sizes plus every listed role present means equal sets.
   */
  record RolesEqual(List<String> roles) implements SessionFilter {
    public RolesEqual {
      roles = List.copyOf(new TreeSet<>(roles));
    }

    @Override
    public boolean matches(FilterTarget session) {
      if (session.roles().size() != roles.size()) {
        return false;
      }
      for (int i = 0, n = roles.size(); i < n; i++) {
        if (!session.hasRole(roles.get(i))) {
          return false;
        }
      }
      return true;
    }
  }
}
