package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.Deployments;

/**
 * Static files carry the same Content-Type on every container: with {@code nosniff} a browser
 * refuses a script, style or module served under the wrong type. (Payara Micro served .mjs, .wasm,
 * .woff2 with none: WEB-INF/web.xml maps them. Add a row when the WAR gains a new kind of file.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StaticContentIT {

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @ArquillianResource URL url;

  @ParameterizedTest
  @CsvSource({
    "/, text/html",
    "/index.html, text/html",
    "/assets/site.css, text/css",
    "/assets/logo.svg, image/svg+xml",
  })
  void staticFilesHaveTheirType(String path, String type) throws Exception {
    HttpResponse<String> r = new Api(url.toURI()).get(path);
    assertEquals(200, r.statusCode(), path);
    String actual = r.headers().firstValue("Content-Type").orElse("(none)");
    System.out.println("Content-Type of " + path + ": " + actual);
    assertEquals(type, actual.replace(" ", "").toLowerCase(Locale.ROOT), path);
  }
}
