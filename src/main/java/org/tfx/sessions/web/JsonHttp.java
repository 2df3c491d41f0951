package org.tfx.sessions.web;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.tfx.sessions.json.StrictJson;

/** Reading and writing JSON bodies for the REST servlets, with size limits and typed errors. */
public final class JsonHttp {
  private static final int MAX_BODY = BodyDeadlineFilter.MAX_BODY;

  private final Jsonb jsonb;
  private final StrictJson strict = new StrictJson(JsonProvider.provider());

  public JsonHttp(Jsonb jsonb) {
    this.jsonb = jsonb;
  }

  public void write(HttpServletResponse response, int status, Object body) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.getOutputStream().write(jsonb.toJson(body).getBytes(StandardCharsets.UTF_8));
  }

  public void error(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    write(response, status, new ApiError(code, message));
  }

  /**
   * {@code 429 rate-limited} with {@code Retry-After}: the room asked for too many {@code what}.
   */
  public void rateLimited(HttpServletResponse response, long retryAfterSeconds, String what)
      throws IOException {
    response.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
    error(
        response,
        429,
        "rate-limited",
        "this room asked for too many " + what + "; retry in " + retryAfterSeconds + " s");
  }

  /**
   * Reads a JSON object body of at most 16 KiB, strictly: the request must say {@code Content-Type:
   * application/json} (415 otherwise: a {@code text/plain} or form POST needs no CORS preflight, so
   * any site could make a visitor's browser send it), the body must be UTF-8 and one JSON object
   * with nothing after it ({@link StrictJson}: no duplicate members, deep nesting or numbers out of
   * range). An empty body is an empty object.
   */
  public JsonObject readObject(HttpServletRequest request) throws BadRequest, IOException {
    if (!MediaTypes.isJson(request.getContentType())) {
      throw new BadRequest(
          415, "unsupported-media-type", "send the body as Content-Type: application/json");
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw new BadRequest(413, "body-too-large", "body larger than " + MAX_BODY + " bytes");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString()
              .strip();
    } catch (CharacterCodingException e) {
      throw new BadRequest("body is not UTF-8");
    }
    if (text.isEmpty()) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    try {
      return strict.parseObject(text, null).members();
    } catch (StrictJson.Refused e) {
      throw new BadRequest(
          e.fault() == StrictJson.Fault.MALFORMED
              ? "body must be one JSON object (" + e.getMessage() + ")"
              : "body refused: " + e.getMessage());
    }
  }

  /** A string member or null; refuses other types. */
  public static String optionalString(JsonObject o, String name) throws BadRequest {
    JsonValue v = o.get(name);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    throw new BadRequest("'" + name + "' must be a string");
  }

  /** A whole-number member or null; refuses fractions, strings and out-of-range numbers. */
  public static Integer optionalInt(JsonObject o, String name) throws BadRequest {
    JsonValue v = o.get(name);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (v instanceof JsonNumber n) {
      java.math.BigDecimal d = n.bigDecimalValue();
      if (d.precision() - d.scale() <= 10) {
        try {
          return d.intValueExact();
        } catch (ArithmeticException e) {
          // falls through to the refusal
        }
      }
    }
    throw new BadRequest("'" + name + "' must be a whole number");
  }

  /** Answers a refused request with its status and code. */
  public void refuse(HttpServletResponse response, BadRequest e) throws IOException {
    error(response, e.status(), e.code(), e.getMessage());
  }

  /**
   * A request the server refuses: 400 {@code invalid-request} unless it says otherwise (415
   * unsupported-media-type, 413 body-too-large).
   */
  public static final class BadRequest extends Exception {
    private final int status;
    private final String code;

    public BadRequest(String message) {
      this(400, "invalid-request", message);
    }

    public BadRequest(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }
}
