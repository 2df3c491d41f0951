package org.tfx.sessions.translate;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tfx.sessions.outbound.FetchException;
import org.tfx.sessions.outbound.HttpFetcher;
import org.tfx.sessions.translate.TranslationException.Kind;

/**
 * A client of the LibreTranslate API ({@code POST /translate}, {@code GET /languages}), which
 * LibreTranslate itself and several compatible services offer. Every answer is read strictly and
 * capped in size; whatever goes wrong becomes a {@link TranslationException} naming the cause.
 */
public final class LibreTranslateClient implements Translator {
  private static final int MAX_TRANSLATION_BYTES = 64 * 1024;
  private static final int MAX_LANGUAGES_BYTES = 256 * 1024;
  private static final int MAX_ERROR_CHARS = 200;
  private static final Map<String, String> JSON_HEADERS =
      Map.of("Content-Type", "application/json", "Accept", "application/json");

  private final HttpFetcher fetcher;
  private final URI base;
  private final String apiKey;

  /** {@code baseUrl} without a trailing slash, e.g. {@code http://translate.internal:5000}. */
  public LibreTranslateClient(HttpFetcher fetcher, String baseUrl, String apiKey) {
    this.fetcher = fetcher;
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.apiKey = apiKey == null ? "" : apiKey;
  }

  @Override
  public Translation translate(TranslationRequest request) throws TranslationException {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("q", request.q())
            .add("source", request.source())
            .add("target", request.target())
            .add("format", "text");
    if (!apiKey.isEmpty()) {
      body.add("api_key", apiKey);
    }
    HttpFetcher.Response r =
        call(
            HttpFetcher.Request.post(
                base.resolve("translate"),
                JSON_HEADERS,
                body.build().toString().getBytes(StandardCharsets.UTF_8)),
            MAX_TRANSLATION_BYTES);
    JsonObject o = object(r);
    JsonValue text = o.get("translatedText");
    if (!(text instanceof JsonString s)) {
      throw new TranslationException(
          Kind.FAILED, "the translation service's answer has no translatedText");
    }
    return new Translation(s.getString(), detected(o.get("detectedLanguage")));
  }

  @Override
  public List<Language> languages() throws TranslationException {
    HttpFetcher.Response r =
        call(
            HttpFetcher.Request.get(
                base.resolve("languages"), Map.of("Accept", "application/json")),
            MAX_LANGUAGES_BYTES);
    JsonValue v = parse(r);
    if (!(v instanceof JsonArray a)) {
      throw new TranslationException(
          Kind.FAILED, "the translation service's language list is not a JSON array");
    }
    List<Language> out = new ArrayList<>();
    for (JsonValue item : a) {
      if (item instanceof JsonObject l
          && l.get("code") instanceof JsonString code
          && TranslationRequest.isLanguage(code.getString())) {
        String name = l.get("name") instanceof JsonString n ? n.getString() : code.getString();
        List<String> targets = new ArrayList<>();
        if (l.get("targets") instanceof JsonArray t) {
          for (JsonValue target : t) {
            if (target instanceof JsonString ts && TranslationRequest.isLanguage(ts.getString())) {
              targets.add(ts.getString());
            }
          }
        }
        out.add(new Language(code.getString(), truncate(name, 100), targets));
      }
    }
    return out;
  }

  private HttpFetcher.Response call(HttpFetcher.Request request, int maxBytes)
      throws TranslationException {
    HttpFetcher.Response r;
    try {
      r = fetcher.send(request, HttpFetcher.BodyLimit.atMost(maxBytes));
    } catch (FetchException e) {
      throw new TranslationException(
          Kind.FAILED, "the translation service cannot be reached: " + e.getMessage());
    }
    if (r.truncated()) {
      throw new TranslationException(
          Kind.FAILED, "the translation service's answer is larger than " + maxBytes + " bytes");
    }
    if (r.status() == 200) {
      return r;
    }
    String error = errorOf(r);
    if (r.status() == 400) {
      throw new TranslationException(Kind.REJECTED, "the translation service refused: " + error);
    }
    throw new TranslationException(
        Kind.FAILED, "the translation service answered " + r.status() + ": " + error);
  }

  private static JsonObject object(HttpFetcher.Response r) throws TranslationException {
    JsonValue v = parse(r);
    if (!(v instanceof JsonObject o)) {
      throw new TranslationException(
          Kind.FAILED, "the translation service's answer is not a JSON object");
    }
    return o;
  }

  private static JsonValue parse(HttpFetcher.Response r) throws TranslationException {
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(r.body()))) {
      return reader.readValue();
    } catch (JsonException e) {
      throw new TranslationException(
          Kind.FAILED, "the translation service's answer is not valid JSON");
    }
  }

  /** LibreTranslate's {@code {"error": "…"}}, shortened; else the start of the body. */
  private static String errorOf(HttpFetcher.Response r) {
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(r.body()))) {
      JsonValue v = reader.readValue();
      if (v instanceof JsonObject o && o.get("error") instanceof JsonString s) {
        return truncate(s.getString(), MAX_ERROR_CHARS);
      }
    } catch (JsonException e) {
      // not JSON: say so below
    }
    return "(no error message)";
  }

  /** {@code {"language": "fr", "confidence": 90}} as LibreTranslate sends it, or a bare code. */
  private static String detected(JsonValue v) {
    String code = null;
    if (v instanceof JsonString s) {
      code = s.getString();
    } else if (v instanceof JsonObject o && o.get("language") instanceof JsonString s) {
      code = s.getString();
      if (o.get("confidence") instanceof JsonNumber c && c.doubleValue() <= 0) {
        code = null;
      }
    }
    return TranslationRequest.isLanguage(code) ? code : null;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
