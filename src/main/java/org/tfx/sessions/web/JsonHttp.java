package org.tfx.sessions.web;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
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

  /** Reads a JSON body of at most 16 KiB; an empty body yields {@code empty}. */
  public <T> T read(HttpServletRequest request, Class<T> type, T empty)
      throws BadRequest, IOException {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw new BadRequest("body larger than " + MAX_BODY + " bytes");
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return empty;
    }
    try {
      T value = jsonb.fromJson(text, type);
      if (value == null) {
        throw new BadRequest("body must be a JSON object");
      }
      return value;
    } catch (JsonbException | ClassCastException e) {
      throw new BadRequest("body is not valid JSON for this request");
    }
  }

  /** A request body the server refuses; answered with 400 {@code invalid-request}. */
  public static final class BadRequest extends Exception {
    public BadRequest(String message) {
      super(message);
    }
  }
}
