package dev.osmosis.platform;

import dev.osmosis.security.SecurityStorage;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.security.StoreSeeding;

/**
 * The security store a server starts with (docs/PERSISTENCE.md "The security store"): the
 * database's; an empty database is seeded once from the store file ({@code osmosis.securityStore},
 * else the built-in defaults), which is read only then; {@code osmosis.reseedSecurityStore=true}
 * replaces the database's store by the file's. Logs one line saying which happened. In production a
 * seed with a default password is refused before anything is stored.
 */
final class SecurityStoreStart {
  private static final System.Logger LOG = System.getLogger(SecurityStoreStart.class.getName());

  private SecurityStoreStart() {}

  static SecurityStore open(
      SecurityStorage storage, DeploymentSettings deployment, String file, boolean reseed) {
    String source =
        file == null || file.isBlank()
            ? "the built-in defaults (" + SecurityStoreFile.DEFAULT_RESOURCE + ")"
            : file;
    StoreSeeding.Result result =
        StoreSeeding.open(
            storage,
            () -> {
              SecurityStore seed = SecurityStoreFile.loadOrDefaults(file);
              if (deployment.production()) { // slow (PBKDF2 per principal): only where it refuses
                Lifecycle.checkProduction(deployment, seed);
              }
              return seed;
            },
            source,
            reseed);
    SecurityStore store = result.store();
    String counts =
        store.principals().size() + " principals, " + store.policy().roles().size() + " roles";
    switch (result.outcome()) {
      case SEEDED ->
          LOG.log(
              System.Logger.Level.INFO,
              "Security store: the database had none, seeded it from {0} ({1}); from now on the"
                  + " database is the store and the file is not read",
              source,
              counts);
      case READ ->
          LOG.log(
              System.Logger.Level.INFO,
              "Security store: read from the database ({0}); {1} is not read (to replace the"
                  + " database''s store by it: osmosis.reseedSecurityStore=true)",
              counts,
              source);
      case READ_AFTER_RACE ->
          LOG.log(
              System.Logger.Level.INFO,
              "Security store: another node seeded the empty database first; read from the database"
                  + " ({0})",
              counts);
      case RESEEDED ->
          LOG.log(
              System.Logger.Level.WARNING,
              "Security store: osmosis.reseedSecurityStore=true: replaced the database''s store by {0}"
                  + " ({1}); remove the setting, or every start replaces it again",
              source,
              counts);
    }
    return store;
  }
}
