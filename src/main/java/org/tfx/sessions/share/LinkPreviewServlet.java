package org.tfx.sessions.share;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.tfx.sessions.outbound.FetchException;
import org.tfx.sessions.web.JsonHttp;
import org.tfx.sessions.web.PublicUrl;
import org.tfx.sessions.web.RoomAccess;

/**
 * {@code GET /api/link-preview?roomId=…&url=…} (header {@code X-Room-Secret}) → {@link
 * LinkPreview}. Errors: {@code 400 invalid-url}, {@code 403 address-not-allowed}, {@code 502
 * fetch-failed}, {@code 429 rate-limited}, {@code 503 link-preview-unavailable} when switched off.
 */
public final class LinkPreviewServlet extends HttpServlet {
  private final transient LinkPreviewService service;
  private final transient RoomAccess access;
  private final transient JsonHttp json;
  private final String publicUrl;

  /** {@code service} is null when link previews are switched off. */
  public LinkPreviewServlet(
      LinkPreviewService service, RoomAccess access, JsonHttp json, String publicUrl) {
    this.service = service;
    this.access = access;
    this.json = json;
    this.publicUrl = publicUrl;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (req.getPathInfo() != null) {
      json.error(resp, 404, "not-found", "use GET /api/link-preview?roomId=…&url=…");
      return;
    }
    Optional<String> room = access.authorize(req, resp);
    if (room.isEmpty()) {
      return;
    }
    if (service == null) {
      json.error(
          resp,
          503,
          "link-preview-unavailable",
          "link previews are switched off on this server (tfx.share.linkPreview)");
      return;
    }
    Optional<URI> url = SharedUrl.parse(req.getParameter("url"));
    if (url.isEmpty()) {
      json.error(
          resp,
          400,
          "invalid-url",
          "url must be an absolute http(s) URL of at most "
              + SharedUrl.MAX_LENGTH
              + " characters, without a user name");
      return;
    }
    try {
      LinkPreviewService.Outcome outcome =
          service.preview(room.get(), url.get(), origin(PublicUrl.of(req, publicUrl)));
      if (outcome instanceof LinkPreviewService.Outcome.Done d) {
        json.write(resp, 200, d.preview());
      } else if (outcome instanceof LinkPreviewService.Outcome.RateLimited r) {
        json.rateLimited(resp, r.retryAfterSeconds(), "previews");
      }
    } catch (FetchException e) {
      switch (e.reason()) {
        case INVALID_URL -> json.error(resp, 400, "invalid-url", e.getMessage());
        case ADDRESS_NOT_ALLOWED -> json.error(resp, 403, "address-not-allowed", e.getMessage());
        case FAILED -> json.error(resp, 502, "fetch-failed", e.getMessage());
      }
    }
  }

  /** {@code scheme://host[:port]} of a base URL that may have a path. */
  static String origin(String baseUrl) {
    URI u = URI.create(baseUrl);
    return u.getScheme() + "://" + u.getRawAuthority();
  }
}
