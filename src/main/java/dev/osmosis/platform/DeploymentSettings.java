package dev.osmosis.platform;

import java.util.Set;

/**
 * How this deployment is run (payara-config/osmosis.properties, docs/SECURITY.md).
 *
 * @param production refuse to start while a default password remains, and no development warnings
 *     ({@code osmosis.production})
 * @param allowedOrigins browser origins allowed besides the server's own, exact matches ({@code
 *     osmosis.allowedOrigins})
 */
public record DeploymentSettings(boolean production, Set<String> allowedOrigins) {

  public static DeploymentSettings defaults() {
    return new DeploymentSettings(false, Set.of());
  }
}
