/**
 * The session filter language of seed 000: parses a filter such as {@code Department is "Accounts"
 * and $Country ne "US"} once into an immutable predicate tree and evaluates it against sessions.
 *
 * <ul>
 *   <li>{@link dev.osmosis.filter.SessionFilterParser} turns text into a {@link
 *       dev.osmosis.filter.SessionFilter}, or throws {@link
 *       dev.osmosis.filter.FilterSyntaxException} naming the 0-based position, what was expected
 *       and what was found. Filter length and parenthesis nesting are limited, so no input can
 *       exhaust the stack or the heap.
 *   <li>{@link dev.osmosis.filter.SessionFilters} is the bounded cache by filter text
 *       (docs/ARCHITECTURE.md, compile once).
 *   <li>{@link dev.osmosis.filter.SessionFilter#matches} allocates nothing: it reads a session
 *       through {@link dev.osmosis.filter.FilterTarget}, which the session package implements.
 *   <li>The client utilities {@code escape}, {@code rolesToString} and {@code stringToRoles} are
 *       {@link dev.osmosis.wire.FilterText}, in the wire vocabulary the Java client shares.
 * </ul>
 *
 * <p>Decisions beyond the seed's prose (documented with the grammar in {@code docs/FILTERS.md}):
 * operator words are reserved and cannot be used as keys; {@code ne} is the negation of {@code is},
 * so it matches sessions without the property; {@code $Roles} is compared as a set of roles parsed
 * like {@code stringToRoles}, in any order; the seed's stray {@code }} after complete examples is a
 * syntax error, and its example split over two lines is read as one filter.
 *
 * <p>Depends on the JDK and {@code dev.osmosis.wire} only: no {@code jakarta.*}, no third-party
 * libraries.
 */
package dev.osmosis.filter;
