package dev.osmosis.admin;

import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.SecurityStore;
import jakarta.ws.rs.core.Response;
import java.security.Principal;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The authenticated caller of an admin request (set by {@link BasicAuthFilter}) and the permission
 * checks resources make against the current security store.
 */
public record AdminCaller(String name, Set<String> roles, Supplier<SecurityStore> store)
    implements Principal {

  static final String PROPERTY = AdminCaller.class.getName();

  @Override
  public String getName() {
    return name;
  }

  /**
   * @throws AdminException 403 naming the missing permission
   */
  public void require(GlobalPermission permission) {
    if (!store.get().policy().has(roles, permission)) {
      throw new AdminException(
          Response.Status.FORBIDDEN,
          "principal '" + name + "' lacks the " + permission + " permission");
    }
  }
}
