/**
 * Security: who may connect and what a session may do, following Diffusion's model.
 *
 * <ul>
 *   <li>{@link dev.osmosis.security.SecurityStore}: an immutable snapshot of principals (PBKDF2
 *       password hashes, see {@link dev.osmosis.security.PasswordHasher}), the anonymous policy and
 *       the role definitions.
 *   <li>{@link dev.osmosis.security.SecurityPolicy}: roles with global permissions, default path
 *       permissions, path assignments and included roles; permission checks where, per role, the
 *       nearest path assignment wins.
 *   <li>{@link dev.osmosis.security.Authenticator}: the role interface for authentication, chained
 *       by {@link dev.osmosis.security.AuthenticatorChain} with the store's own {@link
 *       dev.osmosis.security.StoreAuthenticator} last.
 *   <li>{@link dev.osmosis.security.SecurityStorage}: the role where the store lives between starts
 *       (the database, in {@code dev.osmosis.store}); {@link dev.osmosis.security.StoreSeeding}
 *       decides which store a server starts with (the stored one, or the seed stored once).
 * </ul>
 *
 * <p>Depends on the JDK only (no {@code jakarta.*}); the JSON store file that seeds the storage is
 * read by {@code dev.osmosis.platform.SecurityStoreFile}.
 */
package dev.osmosis.security;
