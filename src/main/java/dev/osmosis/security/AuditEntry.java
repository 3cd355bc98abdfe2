package dev.osmosis.security;

/**
 * One successful change of the security store, as the audit trail keeps it.
 *
 * @param id increasing, unique
 * @param at when (epoch milliseconds)
 * @param principal who changed it (the caller's principal; may be {@code null}: anonymous)
 * @param session the changing session's id, or {@code null} for the admin API
 * @param store {@link #SECURITY} or {@link #AUTHENTICATION}
 * @param script the script applied, every password replaced by {@code "********"}
 * @param node the node that applied it
 */
public record AuditEntry(
    long id, long at, String principal, String session, String store, String script, String node) {
  public static final String SECURITY = "security";
  public static final String AUTHENTICATION = "authentication";
}
