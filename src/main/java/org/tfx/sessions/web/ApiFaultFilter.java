package org.tfx.sessions.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.tfx.sessions.persistence.StoreUnavailableException;

/**
 * The one place where a REST call's failure to reach the database becomes an answer: {@code 503
 * unavailable} with {@code Retry-After}, the JSON error every endpoint uses, instead of the
 * container's HTML 500; and where a method no servlet knows gets {@code 405} instead of
 * HttpServlet's 501. Anything else that escapes a servlet is a fault of ours and left to the
 * container's error page (our own, see {@link ErrorPageServlet}).
 */
public final class ApiFaultFilter extends HttpFilter {
  static final int RETRY_AFTER_SECONDS = 5;

  private final transient JsonHttp json;

  public ApiFaultFilter(JsonHttp json) {
    this.json = json;
  }

  /** The methods HttpServlet knows; for others it answers 501, which Payara sends bare. */
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE");

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
      throws IOException, ServletException {
    if (!METHODS.contains(req.getMethod())) {
      // PATCH, BREW…: not a server fault (501) but a method this API does not take.
      resp.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
      json.error(resp, 405, "method-not-allowed", "this API does not take " + req.getMethod());
      return;
    }
    try {
      chain.doFilter(req, resp);
    } catch (StoreUnavailableException e) {
      unavailable(resp);
    } catch (ServletException e) {
      if (!(e.getRootCause() instanceof StoreUnavailableException)) {
        throw e;
      }
      unavailable(resp);
    }
  }

  private void unavailable(HttpServletResponse resp) throws IOException {
    if (resp.isCommitted()) {
      return;
    }
    // Keep the headers (security headers, CORS); drop whatever the servlet had buffered.
    resp.resetBuffer();
    resp.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
    json.error(
        resp, 503, "unavailable", "the server cannot reach its database; retry in a few seconds");
  }
}
