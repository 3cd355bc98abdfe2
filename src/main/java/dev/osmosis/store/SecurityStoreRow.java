package dev.osmosis.store;

import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.SecurityStore;
import jakarta.persistence.Cacheable;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;

/**
 * The one row that says a security store is stored (table {@code SECURITY_STORE}): its key is
 * always {@link #ID}, so of two nodes seeding an empty database at once only one can insert it.
 * Holds the anonymous policy, the default roles, the isolated paths, a version counted up by every
 * replace, and what the store came from.
 */
@Entity(name = "SecurityStore")
@Table(name = "SECURITY_STORE")
@Cacheable(false)
public class SecurityStoreRow {
  static final int ID = 1;

  @Id
  @Column(name = "ID")
  private int id = ID;

  @Column(name = "VERSION", nullable = false)
  private long version;

  @Column(name = "ANONYMOUS_ALLOWED", nullable = false)
  private boolean anonymousAllowed;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "SECURITY_ANONYMOUS_ROLE", joinColumns = @JoinColumn(name = "STORE_ID"))
  @Column(name = "ROLE_NAME", nullable = false)
  private Set<String> anonymousRoles = new HashSet<>();

  /** ALLOW, DENY or ABSTAIN; null in a row V2 wrote (then {@link #anonymousAllowed} decides). */
  @Column(name = "ANONYMOUS_ACTION", length = 16)
  private String anonymousAction;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(
      name = "SECURITY_NAMED_DEFAULT_ROLE",
      joinColumns = @JoinColumn(name = "STORE_ID"))
  @Column(name = "ROLE_NAME", nullable = false)
  private Set<String> namedDefaults = new HashSet<>();

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(
      name = "SECURITY_ANONYMOUS_DEFAULT_ROLE",
      joinColumns = @JoinColumn(name = "STORE_ID"))
  @Column(name = "ROLE_NAME", nullable = false)
  private Set<String> anonymousDefaults = new HashSet<>();

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "SECURITY_ISOLATED_PATH", joinColumns = @JoinColumn(name = "STORE_ID"))
  @Column(name = "PATH", nullable = false, length = 1000)
  private Set<String> isolatedPaths = new HashSet<>();

  @Column(name = "SOURCE", nullable = false, length = 1000)
  private String source;

  @Column(name = "CHANGED_AT", nullable = false)
  private long changedAt;

  protected SecurityStoreRow() {}

  SecurityStoreRow(SecurityStore store, String source, long at) {
    this.version = 1;
    change(store, source, at);
  }

  /**
   * A replace: the new anonymous policy, default roles, isolated paths and source, one version
   * more.
   */
  void replace(SecurityStore store, String source, long at) {
    version++;
    change(store, source, at);
  }

  private void change(SecurityStore store, String source, long at) {
    AnonymousPolicy anonymous = store.anonymous();
    this.anonymousAllowed = anonymous.allowed();
    this.anonymousAction = anonymous.action().name();
    replaceAll(anonymousRoles, anonymous.roles());
    replaceAll(namedDefaults, store.policy().namedDefaults());
    replaceAll(anonymousDefaults, store.policy().anonymousDefaults());
    replaceAll(isolatedPaths, store.policy().isolatedPaths());
    this.source = source.length() > 1000 ? source.substring(0, 1000) : source;
    this.changedAt = at;
  }

  private static void replaceAll(Set<String> stored, Set<String> now) {
    stored.retainAll(now);
    stored.addAll(now);
  }

  long version() {
    return version;
  }

  /** The anonymous policy's action; a V2 row's from its allowed flag. */
  AnonymousPolicy.Action anonymousAction() {
    if (anonymousAction == null) {
      return anonymousAllowed ? AnonymousPolicy.Action.ALLOW : AnonymousPolicy.Action.DENY;
    }
    return AnonymousPolicy.Action.valueOf(anonymousAction);
  }

  Set<String> namedDefaults() {
    return namedDefaults;
  }

  Set<String> anonymousDefaults() {
    return anonymousDefaults;
  }

  Set<String> isolatedPaths() {
    return isolatedPaths;
  }

  Set<String> anonymousRoles() {
    return anonymousRoles;
  }

  String source() {
    return source;
  }
}
