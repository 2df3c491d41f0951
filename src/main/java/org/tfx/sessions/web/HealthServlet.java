package org.tfx.sessions.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.tfx.sessions.persistence.Database;

/** {@code GET /health}: 200 when the app and its database answer, 503 otherwise. */
public final class HealthServlet extends HttpServlet {
  private final transient Database db;
  private final transient JsonHttp json;

  public HealthServlet(Database db, JsonHttp json) {
    this.db = db;
    this.json = json;
  }

  /** The health report. */
  public record Health(String status, String database) {}

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    boolean up = db.isReachable();
    json.write(resp, up ? 200 : 503, new Health(up ? "UP" : "DOWN", up ? "UP" : "DOWN"));
  }
}
