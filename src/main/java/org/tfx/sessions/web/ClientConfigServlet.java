package org.tfx.sessions.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.room.CapacityRule;

/**
 * {@code GET /api/client-config}: what this server offers the client, so it can hide what is not
 * there. Holds no secrets: anyone may read it.
 */
public final class ClientConfigServlet extends HttpServlet {
  private final transient ClientConfig config;
  private final transient JsonHttp json;

  /**
   * {@code embedOrigins}: sites allowed to embed rooms ({@code /embed/…}); {@code translate}:
   * whether {@code POST /api/translate} has a service behind it; {@code linkPreview}: whether
   * {@code GET /api/link-preview} is on; {@code shareSources}: the CSP sources room pages may show
   * shared images, media and frames from; {@code defaultCapacity}, {@code minCapacity}, {@code
   * maxCapacity}: the room sizes the server gives and accepts, so pages never offer another.
   */
  public record ClientConfig(
      List<String> embedOrigins,
      boolean translate,
      boolean linkPreview,
      List<String> shareSources,
      int defaultCapacity,
      int minCapacity,
      int maxCapacity) {
    public ClientConfig {
      embedOrigins = List.copyOf(embedOrigins);
      shareSources = List.copyOf(shareSources);
    }

    /**
     * What {@code settings} offer; {@code embedOrigins} as the content security policy has them.
     */
    public static ClientConfig of(Settings settings, List<String> embedOrigins) {
      return new ClientConfig(
          embedOrigins,
          settings.translate().enabled(),
          settings.share().linkPreview(),
          settings.share().sources(),
          settings.rooms().defaultCapacity(),
          CapacityRule.MIN,
          settings.rooms().maxCapacity());
    }
  }

  public ClientConfigServlet(ClientConfig config, JsonHttp json) {
    this.config = config;
    this.json = json;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    json.write(resp, 200, config);
  }
}
