package org.tfx.sessions.console;

import jakarta.json.bind.Jsonb;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.sip.SipServer;
import org.tfx.sessions.sip.registrar.Lockout;
import org.tfx.sessions.sip.registrar.SipAccounts;

/**
 * {@code /console}: the login, the dashboard, its live data ({@code /console/live}) and the forms
 * that change accounts and the SIP listener. Every POST but the login needs the session's CSRF
 * token; the login needs the token of its own page (a cookie and a form field that must agree).
 */
public final class ConsoleServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(ConsoleServlet.class.getName());
  static final String SESSION_COOKIE = "tfx_console";
  static final String LOGIN_COOKIE = "tfx_console_login";
  private static final String ADMIN = "admin";

  private final transient SipServer sip;
  private final transient AdminPassword password;
  private final transient ConsoleSessions sessions;
  private final transient Lockout lockout;
  private final transient LiveView live;
  private final transient Jsonb jsonb;

  /** The console of {@code sip}, with the admin password resolved (generated at first start). */
  public static ConsoleServlet create(
      SipServer sip,
      org.tfx.sessions.persistence.Database database,
      Settings settings,
      Jsonb jsonb) {
    Clock clock = Clock.systemUTC();
    return new ConsoleServlet(
        sip,
        AdminPassword.resolve(
            settings.console().adminPassword(), database, new SecureRandom(), clock),
        new MeetingRecord(database, settings.rooms().grace()),
        settings.console(),
        jsonb,
        clock);
  }

  public ConsoleServlet(
      SipServer sip,
      AdminPassword password,
      MeetingRecord meetings,
      Settings.Console settings,
      Jsonb jsonb,
      Clock clock) {
    this.sip = sip;
    this.password = password;
    this.sessions = new ConsoleSessions(settings.sessionTimeout(), clock, new SecureRandom());
    this.lockout = new Lockout(settings.lockoutAttempts(), settings.lockoutDuration(), clock);
    this.live = new LiveView(sip, meetings, clock);
    this.jsonb = jsonb;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    noStore(resp);
    String path = path(req);
    Optional<ConsoleSessions.Session> session = session(req);
    switch (path) {
      case "/", "" -> {
        if (session.isEmpty()) {
          loginPage(resp, null, HttpServletResponse.SC_OK);
        } else {
          dashboard(resp, session.get());
        }
      }
      case "/live" -> {
        if (session.isEmpty()) {
          resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
          return;
        }
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getOutputStream().write(jsonb.toJson(live.now()).getBytes(StandardCharsets.UTF_8));
      }
      default -> resp.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    noStore(resp);
    req.setCharacterEncoding("UTF-8");
    String path = path(req);
    if (path.equals("/login")) {
      login(req, resp);
      return;
    }
    Optional<ConsoleSessions.Session> session = session(req);
    if (session.isEmpty()) {
      resp.sendError(HttpServletResponse.SC_FORBIDDEN, "sign in first");
      return;
    }
    ConsoleSessions.Session s = session.get();
    if (!same(s.csrf, req.getParameter("_csrf"))) {
      resp.sendError(HttpServletResponse.SC_FORBIDDEN, "missing or wrong CSRF token");
      return;
    }
    switch (path) {
      case "/logout" -> {
        sessions.close(cookie(req, SESSION_COOKIE));
        setCookie(req, resp, SESSION_COOKIE, "", 0);
        resp.sendRedirect("/console");
        return;
      }
      case "/accounts" -> s.flash = accounts(req);
      case "/listener" -> s.flash = listener(req);
      default -> {
        resp.sendError(HttpServletResponse.SC_NOT_FOUND);
        return;
      }
    }
    resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
    resp.setHeader("Location", "/console");
  }

  private void login(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String expected = cookie(req, LOGIN_COOKIE);
    if (expected == null || !same(expected, req.getParameter("_csrf"))) {
      resp.sendError(HttpServletResponse.SC_FORBIDDEN, "missing or wrong CSRF token");
      return;
    }
    String address = req.getRemoteAddr();
    if (lockout.isLocked(address, ADMIN)) {
      loginPage(resp, "Too many wrong passwords from your address. Try again later.", 429);
      return;
    }
    if (!password.matches(req.getParameter("password"))) {
      boolean locked = lockout.fail(address, ADMIN);
      LOG.warning(
          "console: wrong admin password from " + address + (locked ? " (locked out)" : ""));
      loginPage(
          resp,
          locked
              ? "Too many wrong passwords from your address. Try again later."
              : "Wrong password.",
          locked ? 429 : HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    lockout.succeed(address, ADMIN);
    LOG.info("console: admin signed in from " + address);
    setCookie(req, resp, SESSION_COOKIE, sessions.open(), -1);
    setCookie(req, resp, LOGIN_COOKIE, "", 0);
    resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
    resp.setHeader("Location", "/console");
  }

  private String accounts(HttpServletRequest req) {
    String action = String.valueOf(req.getParameter("action"));
    String user = req.getParameter("username");
    SipAccounts accounts = sip.accounts();
    try {
      switch (action) {
        case "add" -> {
          String pw = req.getParameter("password");
          boolean generated = pw == null || pw.isEmpty();
          if (generated) {
            pw = AdminPassword.generate(new SecureRandom()).substring(0, 16);
          }
          accounts.add(user, req.getParameter("displayName"), pw);
          return "Added " + user + (generated ? ". Its password (shown only now): " + pw : ".");
        }
        case "edit" -> {
          accounts.edit(
              user, req.getParameter("displayName"), "true".equals(req.getParameter("enabled")));
          return "Saved " + user + ".";
        }
        case "reset" -> {
          accounts.resetPassword(user, req.getParameter("password"));
          return "New password set for " + user + ".";
        }
        case "delete" -> {
          accounts.delete(user);
          return "Deleted " + user + ".";
        }
        default -> {
          return "Unknown action.";
        }
      }
    } catch (SipAccounts.Refused e) {
      return "Not done: " + e.getMessage() + ".";
    }
  }

  private String listener(HttpServletRequest req) {
    switch (String.valueOf(req.getParameter("action"))) {
      case "stop" -> {
        sip.listeners().stop();
        return "UDP and TCP listeners turned off.";
      }
      case "start" -> {
        int port;
        try {
          port = Integer.parseInt(String.valueOf(req.getParameter("port")).trim());
        } catch (NumberFormatException e) {
          return "Not done: the port must be a number.";
        }
        if (port < 1 || port > 65_535) {
          return "Not done: the port must be between 1 and 65535.";
        }
        var status = sip.listeners().start(port);
        return status.running()
            ? "Listening on UDP and TCP port " + port + "."
            : "Cannot listen on port " + port + ": " + status.error();
      }
      default -> {
        return "Unknown action.";
      }
    }
  }

  private void dashboard(HttpServletResponse resp, ConsoleSessions.Session s) throws IOException {
    String flash = s.flash;
    s.flash = null;
    html(
        resp,
        HttpServletResponse.SC_OK,
        ConsolePages.dashboard(
            new ConsolePages.Dashboard(
                s.csrf,
                flash,
                sip.listeners().status(),
                sip.settings().port(),
                sip.settings().domain(),
                sip.settings().realm(),
                sip.host(),
                sip.accounts().list())));
  }

  private void loginPage(HttpServletResponse resp, String error, int status) throws IOException {
    String token = sessions.token();
    resp.addHeader(
        "Set-Cookie", LOGIN_COOKIE + "=" + token + "; Path=/console; HttpOnly; SameSite=Strict");
    html(resp, status, ConsolePages.login(token, error));
  }

  private static void html(HttpServletResponse resp, int status, String page) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/html");
    resp.setCharacterEncoding("UTF-8");
    resp.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
  }

  private Optional<ConsoleSessions.Session> session(HttpServletRequest req) {
    return sessions.find(cookie(req, SESSION_COOKIE));
  }

  private static String path(HttpServletRequest req) {
    return req.getPathInfo() == null ? "" : req.getPathInfo();
  }

  private static String cookie(HttpServletRequest req, String name) {
    Cookie[] cookies = req.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (c.getName().equals(name)) {
          return c.getValue();
        }
      }
    }
    return null;
  }

  /** HttpOnly, SameSite=Strict, Secure over HTTPS; {@code maxAge} -1: until the browser closes. */
  private static void setCookie(
      HttpServletRequest req, HttpServletResponse resp, String name, String value, int maxAge) {
    resp.addHeader(
        "Set-Cookie",
        name
            + "="
            + value
            + "; Path=/console; HttpOnly; SameSite=Strict"
            + (req.isSecure() ? "; Secure" : "")
            + (maxAge >= 0 ? "; Max-Age=" + maxAge : ""));
  }

  private static void noStore(HttpServletResponse resp) {
    resp.setHeader("Cache-Control", "no-store");
  }

  private static boolean same(String expected, String actual) {
    return actual != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }
}
