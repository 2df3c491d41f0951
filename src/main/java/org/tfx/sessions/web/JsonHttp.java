package org.tfx.sessions.web;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/** Reading and writing JSON bodies for the REST servlets, with size limits and typed errors. */
public final class JsonHttp {
  private static final int MAX_BODY = 16 * 1024;

  private final Jsonb jsonb;

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
   * Reads a JSON object body of at most 16 KiB, strictly: an empty body is an empty object, and
   * anything but an object is refused (the lenient mapping of JSON-B would turn 42 into "42").
   */
  public JsonObject readObject(HttpServletRequest request) throws BadRequest, IOException {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw new BadRequest("body larger than " + MAX_BODY + " bytes");
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new BadRequest("body must be a JSON object");
      }
      return value.asJsonObject();
    } catch (JsonException e) {
      throw new BadRequest("body is not valid JSON");
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

  /** A request body the server refuses; answered with 400 {@code invalid-request}. */
  public static final class BadRequest extends Exception {
    public BadRequest(String message) {
      super(message);
    }
  }
}
