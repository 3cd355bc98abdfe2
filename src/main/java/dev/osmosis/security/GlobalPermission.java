package dev.osmosis.security;

/** Permissions that apply to the server as a whole, not to a path. Names follow Diffusion's. */
public enum GlobalPermission {
  /**
   * Diffusion's permission to register a client-side authentication handler. Osmosis has none (its
   * authenticators are server-side beans the operator deploys), so nothing checks it and it grants
   * nothing. Accepted so that stores and scripts naming it (Diffusion's, and stores already saved
   * or replicated between nodes) still load: docs/SECURITY.md.
   */
  AUTHENTICATE,
  /** Shut the server down, close other sessions, change server configuration. */
  CONTROL_SERVER,
  /** Change the security store (roles, principals, anonymous policy). */
  MODIFY_SECURITY,
  /** Change other sessions' properties, close or re-assign them. */
  MODIFY_SESSION,
  /** Register handlers (authentication, messaging, missing topics). */
  REGISTER_HANDLER,
  /** Read the security store (never password hashes). */
  VIEW_SECURITY,
  /** Read server state and metrics. */
  VIEW_SERVER,
  /** List other sessions and read their properties. */
  VIEW_SESSION,
  /** List topic views. */
  READ_TOPIC_VIEWS,
  /** Create and remove topic views. */
  MODIFY_TOPIC_VIEWS
}
