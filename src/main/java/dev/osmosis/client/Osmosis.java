package dev.osmosis.client;

import dev.osmosis.wire.ClientType;
import dev.osmosis.wire.FilterText;
import java.util.Collection;
import java.util.Set;

/** Entry point of the Osmosis client SDK, and the seed's utilities for writing session filters. */
public final class Osmosis {

  private Osmosis() {}

  /**
   * Returns a new session factory with default settings: anonymous, client type {@link
   * ClientType#JAVA}, no user properties, a 10 second connection timeout.
   */
  public static SessionFactory sessions() {
    return SessionFactory.DEFAULT;
  }

  /**
   * A session metric collector builder with the defaults (Diffusion's {@code
   * newSessionMetricCollectorBuilder()}): see {@link Metrics}.
   */
  public static SessionMetricCollectorBuilder newSessionMetricCollectorBuilder() {
    return new SessionMetricCollectorBuilder();
  }

  /**
   * A topic metric collector builder with the defaults (Diffusion's {@code
   * newTopicMetricCollectorBuilder()}): see {@link Metrics}.
   */
  public static TopicMetricCollectorBuilder newTopicMetricCollectorBuilder() {
    return new TopicMetricCollectorBuilder();
  }

  /**
   * Escapes {@code "}, {@code '} and {@code \} with a {@code \} so that the result can be put
   * between quotes in a session filter: {@code "Text is \"" + Osmosis.escape(value) + "\""}.
   */
  public static String escape(String value) {
    return FilterText.escape(value);
  }

  /**
   * The canonical form of a role set, the value of the {@code $Roles} property: the roles sorted,
   * each escaped and double-quoted, separated by commas (e.g. {@code "admin","client"}); the empty
   * string for no roles. A filter {@code $Roles eq '...'} compares against this form.
   */
  public static String rolesToString(Collection<String> roles) {
    return FilterText.rolesToString(roles);
  }

  /**
   * Parses a role set such as the value of {@code $Roles}: roles single- or double-quoted with
   * {@code \} escapes, separated by commas and/or whitespace, optionally between {@code [ ]}.
   *
   * @return an unmodifiable set in the order written; empty for a blank string
   * @throws IllegalArgumentException naming the 0-based position of the first problem
   */
  public static Set<String> stringToRoles(String text) {
    return FilterText.stringToRoles(text);
  }
}
