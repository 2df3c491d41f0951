package org.tfx.sessions.client;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.tfx.sessions.web.JsonHttp;
import org.tfx.sessions.web.RelativePath;
import org.tfx.sessions.web.StaticFile;
import org.tfx.sessions.web.StaticFiles;
import org.tfx.sessions.web.WarFiles;

/**
 * {@code GET /embed/{roomId}}: the client's embed page ({@value #PAGE} of the WAR), for other sites
 * to frame ({@code <iframe src="…/embed/{roomId}#{secret}">}). Its headers (framing by {@code
 * tfx.origins.allowed}, no {@code X-Frame-Options}) come from the security-header filter. Other
 * files under {@code /embed/} (the page's script and style, if the build puts them there) are
 * served from the WAR.
 */
public final class EmbedPageServlet extends HttpServlet {
  static final String FOLDER = "/embed/";
  static final String PAGE = FOLDER + "index.html";

  private final transient JsonHttp json;
  private final transient WarFiles war;

  public EmbedPageServlet(WarFiles war, JsonHttp json) {
    this.war = war;
    this.json = json;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    if (path != null && ClientPage.ROOM_PATH.matcher(path).matches()) {
      ClientPage.send(getServletContext(), req, resp, PAGE, HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    Optional<RelativePath> file =
        path == null ? Optional.empty() : RelativePath.parse(path.substring(1));
    Optional<StaticFile> found = file.isEmpty() ? Optional.empty() : war.find(FOLDER, file.get());
    if (found.isEmpty()) {
      json.error(resp, 404, "not-found", "use /embed/{roomId}");
      return;
    }
    StaticFiles.send(req, resp, found.get());
  }
}
