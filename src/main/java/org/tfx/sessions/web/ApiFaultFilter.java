package org.tfx.sessions.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.tfx.sessions.persistence.StoreUnavailableException;

/**
 * The one place where a REST call's failure to reach the database becomes an answer: {@code 503
 * unavailable} with {@code Retry-After}, the JSON error every endpoint uses, instead of the
 * container's HTML 500. Anything else that escapes a servlet is a fault of ours and left to the
 * container's error page (our own, see {@link ErrorPageServlet}).
 */
public final class ApiFaultFilter extends HttpFilter {
  static final int RETRY_AFTER_SECONDS = 5;

  private final transient JsonHttp json;

  public ApiFaultFilter(JsonHttp json) {
    this.json = json;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
      throws IOException, ServletException {
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
