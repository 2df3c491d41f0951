package org.tfx.sessions.it.support;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR under test is the one the build produced, deployed unchanged. */
public final class Deployments {
  private Deployments() {}

  public static WebArchive war() {
    File war = new File(System.getProperty("it.war", "target/tfx-sessions.war"));
    if (!war.isFile()) {
      throw new IllegalStateException("build the WAR first: " + war);
    }
    return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
  }
}
