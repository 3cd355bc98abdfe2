package dev.osmosis.store;

import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.PropertyValidation;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStorage;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.security.StoredPrincipal;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The security store in the database (tables {@code SECURITY_*}, {@code V2__security.sql} and
 * {@code V3__security_admin.sql}), through JPA. Reads and writes the whole store in one
 * transaction; see {@link SecurityStorage} for the guarantees. Seeding inserts the {@link
 * SecurityStoreRow} first: its fixed key makes a second node's seed fail (on the unique key, once
 * the first commits), and that node then reads.
 */
public final class JpaSecurityStorage implements SecurityStorage {
  private static final String WHERE = "The security store in the database";

  private final Transactions transactions;
  private final Clock clock;

  public JpaSecurityStorage(Transactions transactions, Clock clock) {
    this.transactions = transactions;
    this.clock = clock;
  }

  @Override
  public Optional<SecurityStore> load() {
    return transactions.inTransaction(JpaSecurityStorage::read);
  }

  @Override
  public boolean seed(SecurityStore store, String source) {
    try {
      return transactions.inTransaction(
          em -> {
            em.persist(header(store, source));
            em.flush(); // the key conflict, if another node seeded, surfaces here
            write(em, store);
            return true;
          });
    } catch (RuntimeException e) {
      boolean seededByAnother;
      try {
        seededByAnother = load().isPresent();
      } catch (RuntimeException unreadable) {
        e.addSuppressed(unreadable);
        throw e; // the database failed: the seed's own failure says why
      }
      if (seededByAnother) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void replace(SecurityStore store, String source) {
    transactions.inTransaction(
        em -> {
          SecurityStoreRow header =
              em.find(SecurityStoreRow.class, SecurityStoreRow.ID, LockModeType.PESSIMISTIC_WRITE);
          if (header == null) {
            em.persist(header(store, source));
          } else {
            header.replace(store, source, clock.millis());
          }
          em.flush();
          // the collection tables' rows go with their owners (ON DELETE CASCADE)
          em.createQuery("DELETE FROM SecurityPrincipal").executeUpdate();
          em.createQuery("DELETE FROM SecurityTrustedProperty").executeUpdate();
          em.createQuery("DELETE FROM SecurityRolePath").executeUpdate();
          em.createQuery("DELETE FROM SecurityRole").executeUpdate();
          write(em, store);
          return null;
        });
  }

  private SecurityStoreRow header(SecurityStore store, String source) {
    return new SecurityStoreRow(store, source, clock.millis());
  }

  /** Inserts roles before what names them (foreign keys). */
  private static void write(EntityManager em, SecurityStore store) {
    for (Role role : store.policy().roles().values()) {
      em.persist(
          new SecurityRoleRow(
              role.name(), names(role.global()), names(role.defaultPath()), role.includes()));
    }
    em.flush();
    for (Role role : store.policy().roles().values()) {
      for (Map.Entry<String, Set<PathPermission>> e : role.paths().entrySet()) {
        em.persist(new SecurityRolePathRow(role.name(), e.getKey(), names(e.getValue())));
      }
    }
    for (StoredPrincipal principal : store.principals().values()) {
      em.persist(
          new SecurityPrincipalRow(
              principal.name(),
              principal.passwordHash(),
              principal.roles(),
              principal.lockingPrincipal()));
    }
    for (Map.Entry<String, PropertyValidation> e : store.trustedProperties().entrySet()) {
      em.persist(new SecurityTrustedPropertyRow(e.getKey(), e.getValue()));
    }
    em.flush();
  }

  private static Optional<SecurityStore> read(EntityManager em) {
    SecurityStoreRow header = em.find(SecurityStoreRow.class, SecurityStoreRow.ID);
    if (header == null) {
      return Optional.empty();
    }
    Map<String, Map<String, Set<PathPermission>>> paths = new HashMap<>();
    for (SecurityRolePathRow row :
        em.createQuery("SELECT p FROM SecurityRolePath p", SecurityRolePathRow.class)
            .getResultList()) {
      paths
          .computeIfAbsent(row.roleName(), r -> new HashMap<>())
          .put(
              row.path(),
              permissions(
                  PathPermission.class,
                  row.permissions(),
                  "role " + row.roleName() + " at path '" + row.path() + "'"));
    }
    List<Role> roles = new ArrayList<>();
    for (SecurityRoleRow row :
        em.createQuery("SELECT r FROM SecurityRole r", SecurityRoleRow.class).getResultList()) {
      String where = "role " + row.name();
      roles.add(
          valid(
              () ->
                  new Role(
                      row.name(),
                      permissions(GlobalPermission.class, row.global(), where),
                      permissions(PathPermission.class, row.defaultPath(), where),
                      paths.getOrDefault(row.name(), Map.of()),
                      row.includes())));
      paths.remove(row.name());
    }
    if (!paths.isEmpty()) {
      throw new IllegalStateException(
          WHERE + ": path permissions of undefined roles " + paths.keySet());
    }
    List<StoredPrincipal> principals = new ArrayList<>();
    for (SecurityPrincipalRow row :
        em.createQuery("SELECT p FROM SecurityPrincipal p", SecurityPrincipalRow.class)
            .getResultList()) {
      principals.add(
          valid(
              () ->
                  new StoredPrincipal(
                      row.name(), row.passwordHash(), row.roles(), row.lockingPrincipal())));
    }
    Map<String, PropertyValidation> trusted = new HashMap<>();
    for (SecurityTrustedPropertyRow row :
        em.createQuery("SELECT t FROM SecurityTrustedProperty t", SecurityTrustedPropertyRow.class)
            .getResultList()) {
      trusted.put(row.name(), valid(row::validation));
    }
    return Optional.of(
        valid(
            () ->
                new SecurityStore(
                    new AnonymousPolicy(header.anonymousAction(), header.anonymousRoles()),
                    principals,
                    new SecurityPolicy(
                        roles,
                        header.namedDefaults(),
                        header.anonymousDefaults(),
                        header.isolatedPaths()),
                    trusted)));
  }

  private static <T> T valid(java.util.function.Supplier<T> construction) {
    try {
      return construction.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(WHERE + " is not valid: " + e.getMessage(), e);
    }
  }

  private static <E extends Enum<E>> Set<E> permissions(
      Class<E> type, Set<String> names, String where) {
    Set<E> set = EnumSet.noneOf(type);
    for (String name : names) {
      try {
        set.add(Enum.valueOf(type, name));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            WHERE + ": " + where + " has unknown permission '" + name + "'", e);
      }
    }
    return set;
  }

  private static Set<String> names(Set<? extends Enum<?>> permissions) {
    return permissions.stream().map(Enum::name).collect(Collectors.toSet());
  }
}
