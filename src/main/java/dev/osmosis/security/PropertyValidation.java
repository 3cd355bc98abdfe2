package dev.osmosis.security;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How the system authentication store validates a trusted client proposed property (Diffusion's
 * {@code trustClientProposedPropertyMatches} / {@code ...In}): by a regular expression the whole
 * value must match, or by a list of allowed values.
 *
 * @param type {@link #MATCHES} or {@link #VALUES}
 * @param regex the regular expression (type {@code matches}), else {@code null}
 * @param values the allowed values (type {@code values}), else empty
 */
public record PropertyValidation(String type, String regex, List<String> values) {
  public static final String MATCHES = "matches";
  public static final String VALUES = "values";

  public PropertyValidation {
    Objects.requireNonNull(type, "type");
    values = values == null ? List.of() : List.copyOf(values);
    switch (type) {
      case MATCHES -> {
        Objects.requireNonNull(regex, "regex");
        Pattern.compile(regex); // PatternSyntaxException (an IllegalArgumentException) if invalid
        values = List.of();
      }
      case VALUES -> regex = null;
      default -> throw new IllegalArgumentException("unknown property validation type " + type);
    }
  }

  public static PropertyValidation matches(String regex) {
    return new PropertyValidation(MATCHES, regex, List.of());
  }

  public static PropertyValidation values(List<String> values) {
    return new PropertyValidation(VALUES, null, values);
  }

  /** Whether a proposed value passes. */
  public boolean accepts(String value) {
    if (value == null) {
      return false;
    }
    return MATCHES.equals(type) ? compiled().matcher(value).matches() : values.contains(value);
  }

  private Pattern compiled() {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalStateException(e); // checked at construction
    }
  }
}
