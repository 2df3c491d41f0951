package org.tfx.sessions.translate;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.tfx.sessions.web.JsonHttp;
import org.tfx.sessions.web.RoomAccess;

/**
 * {@code POST /api/translate?roomId=…} (header {@code X-Room-Secret}) with {@code {q, source,
 * target}} → {@code {translatedText, detectedLanguage?, cached}}; {@code GET
 * /api/translate/languages} → {@code [{code, name, targets}]}. Without a configured service both
 * answer {@code 503 translation-unavailable}.
 */
public final class TranslateServlet extends HttpServlet {
  private static final String UNAVAILABLE =
      "no translation service is configured on this server (tfx.translate.url)";

  private final transient TranslationService service;
  private final transient RoomAccess access;
  private final transient JsonHttp json;

  /** {@code service} is null when no translation service is configured. */
  public TranslateServlet(TranslationService service, RoomAccess access, JsonHttp json) {
    this.service = service;
    this.access = access;
    this.json = json;
  }

  /** The answer to {@code POST /api/translate}; {@code detectedLanguage} is left out when null. */
  public record Answer(String translatedText, String detectedLanguage, boolean cached) {}

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (req.getPathInfo() != null) {
      json.error(resp, 404, "not-found", "use POST /api/translate");
      return;
    }
    Optional<String> room = access.authorize(req, resp);
    if (room.isEmpty()) {
      return;
    }
    if (service == null) {
      json.error(resp, 503, "translation-unavailable", UNAVAILABLE);
      return;
    }
    TranslationRequest request;
    try {
      request = TranslationRequest.parse(json.readObject(req));
    } catch (JsonHttp.BadRequest e) {
      json.refuse(resp, e);
      return;
    }
    try {
      TranslationService.Outcome outcome = service.translate(room.get(), request);
      if (outcome instanceof TranslationService.Outcome.Done d) {
        Translation t = d.translation();
        json.write(resp, 200, new Answer(t.translatedText(), t.detectedLanguage(), d.cached()));
      } else if (outcome instanceof TranslationService.Outcome.RateLimited r) {
        json.rateLimited(resp, r.retryAfterSeconds(), "translations");
      }
    } catch (TranslationException e) {
      fail(resp, e);
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"/languages".equals(req.getPathInfo())) {
      json.error(resp, 404, "not-found", "use GET /api/translate/languages");
      return;
    }
    if (service == null) {
      json.error(resp, 503, "translation-unavailable", UNAVAILABLE);
      return;
    }
    try {
      json.write(resp, 200, service.languages());
    } catch (TranslationException e) {
      fail(resp, e);
    }
  }

  private void fail(HttpServletResponse resp, TranslationException e) throws IOException {
    if (e.kind() == TranslationException.Kind.REJECTED) {
      json.error(resp, 400, "invalid-request", e.getMessage());
    } else {
      json.error(resp, 502, "translation-failed", e.getMessage());
    }
  }
}
