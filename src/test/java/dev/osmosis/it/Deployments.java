package dev.osmosis.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one deployment every integration test uses: the WAR the build produced, plus test-only beans.
 */
final class Deployments {
  private Deployments() {}

  static WebArchive osmosis() {
    File war = new File("target/osmosis.war");
    if (!war.isFile()) {
      throw new IllegalStateException(
          "target/osmosis.war is missing: run the integration tests with mvn verify");
    }
    return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
        .importFrom(war)
        .as(WebArchive.class)
        .addClass(TestAuthenticator.class);
  }
}
