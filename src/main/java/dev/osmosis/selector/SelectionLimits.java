package dev.osmosis.selector;

/**
 * What persistent selections may cost (docs/SECURITY.md "Limits"): per session, per client address,
 * for the whole server; the compiled-selector cache; and the selects that wait for missing topic
 * handlers. Bytes are an estimate of the heap a compiled selector holds (its text, and its regular
 * expressions' programs), the same estimate the compiled-selector cache weighs entries with. Built
 * from {@code osmosis.*} settings by the platform.
 *
 * @param maxSelectionsPerSession selections one session may hold ({@code
 *     osmosis.maxSelectionsPerSession})
 * @param maxMembersPerSession selector members (a selector set counts each member) one session may
 *     hold
 * @param maxBytesPerSession estimated bytes of the selectors one session holds
 * @param maxMembersPerAddress members held by all the sessions of one client address ({@code
 *     $ClientIP})
 * @param maxBytesPerAddress estimated bytes held by all the sessions of one client address
 * @param maxMembersTotal members held by all sessions together
 * @param maxBytesTotal estimated bytes held by all sessions together
 * @param compiledCacheBytes estimated bytes of the compiled-selector cache (compiled selectors kept
 *     by text)
 * @param maxMissingTopicRequests selects waiting for a missing topic handler, server-wide
 * @param maxMissingTopicRequestsPerSession selects of one session waiting for a missing topic
 *     handler
 */
public record SelectionLimits(
    int maxSelectionsPerSession,
    int maxMembersPerSession,
    int maxBytesPerSession,
    int maxMembersPerAddress,
    int maxBytesPerAddress,
    int maxMembersTotal,
    int maxBytesTotal,
    int compiledCacheBytes,
    int maxMissingTopicRequests,
    int maxMissingTopicRequestsPerSession) {

  public SelectionLimits {
    if (maxSelectionsPerSession < 1
        || maxMembersPerSession < 1
        || maxBytesPerSession < 1
        || maxMembersPerAddress < 1
        || maxBytesPerAddress < 1
        || maxMembersTotal < 1
        || maxBytesTotal < 1
        || compiledCacheBytes < 1
        || maxMissingTopicRequests < 1
        || maxMissingTopicRequestsPerSession < 1) {
      throw new IllegalArgumentException("selection limits must be >= 1: " + this);
    }
  }

  /** The defaults documented in docs/SECURITY.md and payara-config/osmosis.properties. */
  public static SelectionLimits defaults() {
    return new SelectionLimits(
        10_000, 10_000, 4 << 20, 100_000, 32 << 20, 1_000_000, 256 << 20, 16 << 20, 10_000, 100);
  }

  /** The defaults with another maximum number of selections per session (tests). */
  public SelectionLimits withMaxSelectionsPerSession(int max) {
    return new SelectionLimits(
        max,
        maxMembersPerSession,
        maxBytesPerSession,
        maxMembersPerAddress,
        maxBytesPerAddress,
        maxMembersTotal,
        maxBytesTotal,
        compiledCacheBytes,
        maxMissingTopicRequests,
        maxMissingTopicRequestsPerSession);
  }
}
