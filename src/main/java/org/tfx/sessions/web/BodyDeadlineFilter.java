package org.tfx.sessions.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the body of every API request that has one without holding a container thread (Servlet
 * non-blocking I/O), within one deadline for the whole body, before the servlet sees it. A client
 * that drips its body a byte every few seconds — which the connectors' per-read timeouts never stop
 * — costs a buffer, not one of the threads every other request needs: 200 such clients starved a
 * container's pool. Past the deadline the answer is {@code 408 request-timeout}; past {@link
 * #MAX_BODY} bytes {@code 413 body-too-large}. The servlet then reads the buffered body.
 *
 * <p>A body whose announced length is too large is still read to its end, up to {@link #DRAIN_MAX}
 * bytes and within the same deadline, and thrown away before the 413 goes out: a connection closed
 * while the client is still sending is reset, and the reset discards the answer on its way. Tomcat
 * and Grizzly swallow such a rest themselves; Undertow (WildFly) closed at once, so the client got
 * no answer at all. Past {@code DRAIN_MAX}, and for a chunked body once it passes {@link
 * #MAX_BODY}, the 413 goes out at once, as before: Tomcat 10.1's non-blocking chunked decoder
 * failed on valid 8 KiB chunks after about 72 KiB ("Invalid end of line sequence"), so draining a
 * chunked body would lose the very answer it is for.
 */
public final class BodyDeadlineFilter extends HttpFilter {
  /** The largest body any API takes. */
  public static final int MAX_BODY = 16 * 1024;

  /** The most of a too-large body read (and thrown away) so that its 413 reaches the client. */
  static final int DRAIN_MAX = 1024 * 1024;

  private static final String BODY = BodyDeadlineFilter.class.getName() + ".body";

  private final transient JsonHttp json;
  private final Duration deadline;

  public BodyDeadlineFilter(JsonHttp json, Duration deadline) {
    this.json = json;
    this.deadline = deadline;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
      throws IOException, ServletException {
    if (req.getDispatcherType() == DispatcherType.ASYNC) {
      // Ours, with the body read: the servlet sees the request once. Payara 6 sometimes
      // dispatches twice when the whole body was there at once (measured: 57 of 1,000 sequential
      // POST /api/rooms ran the servlet twice, two rooms in one answer); the second finds the body
      // taken and ends here.
      byte[] body =
          req.getAttribute(BODY) instanceof AtomicReference<?> once
              ? (byte[]) once.getAndSet(null)
              : null;
      if (body != null) {
        chain.doFilter(new Buffered(req, body), new ErrorsAnswered(resp));
      }
      return;
    }
    if (req.getDispatcherType() != DispatcherType.REQUEST || !hasBody(req)) {
      chain.doFilter(req, resp);
      return;
    }
    long declared = req.getContentLengthLong();
    if (declared > DRAIN_MAX) {
      tooLarge(resp);
      return;
    }
    AsyncContext async = req.startAsync();
    async.setTimeout(deadline.toMillis());
    AtomicBoolean over = new AtomicBoolean();
    async.addListener(new Deadline(over));
    ServletInputStream in = req.getInputStream();
    in.setReadListener(new Reader(async, in, over, declared > MAX_BODY));
  }

  private static boolean hasBody(HttpServletRequest req) {
    return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
  }

  /** Reads what is there each time the container says so; dispatches once all is read. */
  private final class Reader implements ReadListener {
    private final AsyncContext async;
    private final ServletInputStream in;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
    private final byte[] buffer = new byte[4096];

    /** Set once by whoever ends this request first: the reader, an error or the deadline. */
    private final AtomicBoolean over;

    /** Bytes read so far, kept or not. */
    private long read;

    /** The announced length is too large: what arrives is thrown away, and the answer is 413. */
    private final boolean announcedTooLarge;

    Reader(
        AsyncContext async, ServletInputStream in, AtomicBoolean over, boolean announcedTooLarge) {
      this.async = async;
      this.in = in;
      this.over = over;
      this.announcedTooLarge = announcedTooLarge;
    }

    @Override
    public void onDataAvailable() throws IOException {
      while (!over.get() && in.isReady()) {
        int n = in.read(buffer);
        if (n < 0) {
          return;
        }
        read += n;
        // A chunked body (length not announced) is answered as soon as it is too large; one
        // announced too large is read on, up to DRAIN_MAX (see the class comment).
        if (read > (announcedTooLarge ? DRAIN_MAX : MAX_BODY)) {
          answerTooLarge();
        } else if (!announcedTooLarge) {
          body.write(buffer, 0, n);
        }
      }
    }

    @Override
    public void onAllDataRead() throws IOException {
      if (announcedTooLarge) {
        answerTooLarge();
      } else if (over.compareAndSet(false, true)) {
        async.getRequest().setAttribute(BODY, new AtomicReference<>(body.toByteArray()));
        async.dispatch();
      }
    }

    private void answerTooLarge() throws IOException {
      if (over.compareAndSet(false, true)) {
        tooLarge((HttpServletResponse) async.getResponse());
        complete(async);
      }
    }

    @Override
    public void onError(Throwable t) {
      // The client went away mid-body (or the deadline ended the request): nobody to answer.
      if (over.compareAndSet(false, true)) {
        complete(async);
      }
    }
  }

  private void tooLarge(HttpServletResponse resp) throws IOException {
    answerAndClose(resp, 413, "body-too-large", "body larger than " + MAX_BODY + " bytes");
  }

  /**
   * An answer before the body was taken whole: what is left of it must never be read as the next
   * request on this connection, so the connection ends with the answer.
   */
  private void answerAndClose(HttpServletResponse resp, int status, String code, String message)
      throws IOException {
    resp.setHeader("Connection", "close");
    json.error(resp, status, code, message);
  }

  /** Completes, unless the container has already ended the request on its own. */
  private static void complete(AsyncContext async) {
    try {
      async.complete();
    } catch (IllegalStateException alreadyOver) {
      // Payara ends a request whose client went away before telling the read listener
    }
  }

  /** The whole body did not arrive in time. */
  private final class Deadline implements AsyncListener {
    private final AtomicBoolean over;

    Deadline(AtomicBoolean over) {
      this.over = over;
    }

    @Override
    public void onTimeout(AsyncEvent event) throws IOException {
      if (!over.compareAndSet(false, true)) {
        return;
      }
      HttpServletResponse resp = (HttpServletResponse) event.getAsyncContext().getResponse();
      if (!resp.isCommitted()) {
        answerAndClose(
            resp,
            408,
            "request-timeout",
            "the body did not arrive within " + deadline.toSeconds() + " s");
      }
      complete(event.getAsyncContext());
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }

  /**
   * The response as the servlet sees it on our dispatch: Payara renders no error page for a {@code
   * sendError} on an asynchronous dispatch (HttpServlet's 405 for PUT/DELETE went out with an empty
   * body), so the error is answered here as {@link ErrorPageServlet} would, on every container.
   */
  private final class ErrorsAnswered extends HttpServletResponseWrapper {
    ErrorsAnswered(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void sendError(int status) throws IOException {
      sendError(status, null);
    }

    @Override
    public void sendError(int status, String ignored) throws IOException {
      if (isCommitted()) {
        throw new IllegalStateException("the response is committed");
      }
      ErrorPageServlet.Answer answer = ErrorPageServlet.answer(status);
      resetBuffer();
      json.error(
          (HttpServletResponse) getResponse(), answer.status(), answer.wire(), answer.message());
    }
  }

  /** The request as the servlet sees it: its body read already. */
  private static final class Buffered extends HttpServletRequestWrapper {
    private final byte[] body;

    Buffered(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was read already");
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
