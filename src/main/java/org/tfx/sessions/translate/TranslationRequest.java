package org.tfx.sessions.translate;

import jakarta.json.JsonObject;
import java.util.regex.Pattern;
import org.tfx.sessions.web.JsonHttp;
import org.tfx.sessions.web.JsonHttp.BadRequest;

/** One text to translate: {@code source} is a language code or {@code auto}. */
public record TranslationRequest(String q, String source, String target) {
  /** Longest text accepted, in characters (code points). */
  public static final int MAX_CHARS = 2000;

  public static final String AUTO = "auto";

  /** {@code en}, {@code pt-BR}, {@code zh-Hans}: what LibreTranslate and BCP 47 use. */
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}");

  /** Reads {@code {q, source?, target}}; {@code source} defaults to {@code auto}. */
  public static TranslationRequest parse(JsonObject body) throws BadRequest {
    String q = JsonHttp.optionalString(body, "q");
    String source = JsonHttp.optionalString(body, "source");
    String target = JsonHttp.optionalString(body, "target");
    if (q == null || q.isBlank()) {
      throw new BadRequest("'q' must be a non-empty string");
    }
    if (q.codePointCount(0, q.length()) > MAX_CHARS) {
      throw new BadRequest("'q' is longer than " + MAX_CHARS + " characters");
    }
    if (source == null) {
      source = AUTO;
    }
    if (!source.equals(AUTO) && !isLanguage(source)) {
      throw new BadRequest("'source' must be 'auto' or a language code such as 'en'");
    }
    if (target == null || !isLanguage(target)) {
      throw new BadRequest("'target' must be a language code such as 'de'");
    }
    return new TranslationRequest(q, source, target);
  }

  public static boolean isLanguage(String code) {
    return code != null && code.length() <= 16 && LANGUAGE.matcher(code).matches();
  }

  /** Whether nothing needs translating: the text is declared to be in the target language. */
  public boolean identity() {
    return source.equals(target);
  }
}
