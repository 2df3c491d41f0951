package org.tfx.sessions.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The error page of every status the container produces itself (an unknown path, a malformed URI, a
 * method nobody handles, an exception that escaped): our answer instead of the container's page,
 * which named the server and its version and carried none of our security headers (the security
 * headers filter runs for error dispatches too). JSON {@code {code, message}} for API paths, a
 * short HTML page for the rest; neither echoes the request.
 */
public final class ErrorPageServlet extends HttpServlet {
  public static final String PATH = "/error";

  private static final Map<Integer, String> CODES =
      Map.of(
          400, "invalid-request",
          404, "not-found",
          405, "method-not-allowed",
          408, "request-timeout",
          413, "body-too-large",
          414, "uri-too-long",
          415, "unsupported-media-type",
          431, "headers-too-large",
          500, "internal",
          503, "unavailable");

  private final transient JsonHttp json;

  public ErrorPageServlet(JsonHttp json) {
    this.json = json;
  }

  /** What an error status is answered with: the status sent, its wire code and a message. */
  record Answer(int status, String wire, String message) {}

  /** The answer for a status the container (or HttpServlet's {@code sendError}) produced. */
  static Answer answer(int status) {
    int code = status;
    if (code == 501) {
      // HttpServlet's answer to a method it has no handler for (PATCH, BREW…): the method is
      // not allowed here, which is a client's mistake, not a server fault.
      code = 405;
    } else if (code == 505) {
      // Grizzly's answer to a request line it cannot read: a malformed request.
      code = 400;
    }
    String wire = CODES.getOrDefault(code, code >= 500 ? "internal" : "invalid-request");
    String message =
        switch (code) {
          case 404 -> "nothing here";
          case 500 -> "server fault";
          case 503 -> "temporarily unavailable; retry in a few seconds";
          default -> "the request was refused (" + code + ")";
        };
    return new Answer(code, wire, message);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Object status = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Answer answer = answer(status instanceof Integer i ? i : 404);
    int code = answer.status();
    String wire = answer.wire();
    String message = answer.message();
    Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path = uri == null ? "" : uri.toString();
    if (resp.isCommitted()) {
      return;
    }
    resp.resetBuffer();
    if (path.startsWith("/api/") || path.equals("/health") || path.startsWith("/signal")) {
      json.error(resp, code, wire, message);
      return;
    }
    resp.setStatus(code);
    resp.setContentType("text/html;charset=UTF-8");
    resp.setHeader("Cache-Control", "no-store");
    String page =
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            + code
            + " — TFX Sessions</title><link rel=\"stylesheet\" href=\"/assets/site.css\"></head>"
            + "<body><main><h1>"
            + code
            + "</h1><p>"
            + message
            + "</p><p><a href=\"/\">TFX Sessions</a></p></main></body></html>\n";
    resp.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
  }
}
