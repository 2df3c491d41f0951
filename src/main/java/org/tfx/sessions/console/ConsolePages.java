package org.tfx.sessions.console;

import static org.tfx.sessions.web.HtmlText.escape;

import java.util.List;
import org.tfx.sessions.sip.registrar.SipAccounts;
import org.tfx.sessions.sip.transport.NetworkListeners;

/**
 * The console's HTML: the login page and the dashboard. Live parts (registrations, calls, meetings,
 * listener state) are filled in by {@code /console-assets/console.js} from {@code /console/live};
 * forms post with the session's CSRF token.
 */
final class ConsolePages {
  /** What the dashboard's static parts show. */
  record Dashboard(
      String csrf,
      String flash,
      NetworkListeners.Status listener,
      int configuredPort,
      String domain,
      String realm,
      String host,
      List<SipAccounts.View> accounts) {}

  private ConsolePages() {}

  static String login(String loginToken, String error) {
    return page(
        "Sign in",
        """
        <main class="login card">
          <h1>Operator console</h1>
          <p class="muted">TFX Sessions — SIP accounts, registrations, calls and meetings.</p>
        """
            + (error == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>")
            + """
          <form method="post" action="/console/login">
            <input type="hidden" name="_csrf" value="%s">
            <label for="password">Admin password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
            <button type="submit">Sign in</button>
          </form>
          <p class="muted small">The password is the setting <code>tfx.console.adminPassword</code>, or
          the one the server printed in its log at its first start.</p>
        </main>
        """
                .formatted(escape(loginToken)),
        false);
  }

  static String dashboard(Dashboard d) {
    StringBuilder b = new StringBuilder();
    b.append("<header class=\"bar\"><h1>Operator console</h1>")
        .append("<form method=\"post\" action=\"/console/logout\">")
        .append(csrf(d.csrf()))
        .append("<button class=\"quiet\" type=\"submit\">Sign out</button></form></header>");
    b.append("<main>");
    if (d.flash() != null) {
      b.append("<p class=\"flash\" role=\"status\" id=\"flash\">")
          .append(escape(d.flash()))
          .append("</p>");
    }
    b.append(sipService(d));
    b.append(
        """
        <section class="card" aria-labelledby="reg-h"><h2 id="reg-h">Registrations</h2>
        <table><thead><tr><th>User</th><th>Device</th><th>Transport</th><th>From</th><th>Expires in</th></tr></thead>
        <tbody id="registrations"><tr><td colspan="5" class="muted">Loading…</td></tr></tbody></table></section>
        <section class="card" aria-labelledby="calls-h"><h2 id="calls-h">Calls in progress</h2>
        <table><thead><tr><th>From</th><th>To</th><th>State</th><th>Transports</th><th>Since</th></tr></thead>
        <tbody id="calls"><tr><td colspan="5" class="muted">Loading…</td></tr></tbody></table></section>
        """);
    b.append(accounts(d));
    b.append(
        """
        <section class="card" aria-labelledby="meet-h"><h2 id="meet-h">Meetings</h2>
        <p class="muted small">Rooms with people in them now, and seats kept for people who dropped
        (they can come back until their grace period runs out).</p>
        <div id="meetings"><p class="muted">Loading…</p></div></section>
        """);
    b.append("</main>");
    return page("Operator console", b.toString(), true);
  }

  private static String sipService(Dashboard d) {
    NetworkListeners.Status s = d.listener();
    String state =
        s.running()
            ? "Listening on UDP and TCP port " + s.port()
            : s.error().isEmpty()
                ? "UDP and TCP are off" + (s.port() > 0 ? " (port " + s.port() + ")" : "")
                : "Cannot listen on port " + s.port() + ": " + s.error();
    return """
        <section class="card" aria-labelledby="sip-h"><h2 id="sip-h">SIP service</h2>
        <p><span id="listener-state" class="%s">%s</span></p>
        <dl class="facts">
          <dt>Domain</dt><dd>%s</dd>
          <dt>Digest realm</dt><dd>%s</dd>
          <dt>Server address</dt><dd>%s</dd>
          <dt>WebSocket</dt><dd><code>/sip</code> on this site (always on)</dd>
          <dt>Configured port</dt><dd>%s</dd>
        </dl>
        <p class="muted small" id="counters"></p>
        <div class="row">
          <form method="post" action="/console/listener">%s
            <label for="port">Port</label>
            <input id="port" name="port" type="number" min="1" max="65535" value="%d" required>
            <button type="submit" name="action" value="start">%s</button>
          </form>
          <form method="post" action="/console/listener">%s
            <button type="submit" name="action" value="stop" class="danger" %s>Turn off</button>
          </form>
        </div>
        <p class="muted small">Changes last until the server restarts; to keep them, set
        <code>tfx.sip.port</code>.</p>
        </section>
        """
        .formatted(
            s.running() ? "ok" : "off",
            escape(state),
            escape(d.domain().isEmpty() ? "(any name of this server)" : d.domain()),
            escape(d.realm()),
            escape(d.host()),
            d.configuredPort() == 0 ? "off" : String.valueOf(d.configuredPort()),
            csrf(d.csrf()),
            s.port() > 0 ? s.port() : (d.configuredPort() > 0 ? d.configuredPort() : 5060),
            s.running() ? "Restart on this port" : "Turn on",
            csrf(d.csrf()),
            s.running() ? "" : "disabled");
  }

  private static String accounts(Dashboard d) {
    StringBuilder b = new StringBuilder();
    b.append(
        "<section class=\"card\" aria-labelledby=\"acc-h\"><h2 id=\"acc-h\">SIP accounts</h2>");
    b.append(
            "<table><thead><tr><th>User</th><th>Display name</th><th>Enabled</th><th>Password</th>")
        .append("<th></th></tr></thead><tbody id=\"accounts\">");
    if (d.accounts().isEmpty()) {
      b.append("<tr><td colspan=\"5\" class=\"muted\">No accounts yet.</td></tr>");
    }
    for (SipAccounts.View a : d.accounts()) {
      String u = escape(a.username());
      String form = "account-" + u;
      b.append("<tr data-user=\"").append(u).append("\"><td><code>").append(u).append("</code>");
      if (!a.realmMatches()) {
        b.append(" <span class=\"warn\">password set for another realm: reset it</span>");
      }
      b.append("</td><td><input form=\"")
          .append(form)
          .append("\" name=\"displayName\" aria-label=\"Display name of ")
          .append(u)
          .append("\" value=\"")
          .append(escape(a.displayName()))
          .append("\"></td><td><input form=\"")
          .append(form)
          .append("\" type=\"checkbox\" name=\"enabled\" value=\"true\" aria-label=\"")
          .append(u)
          .append(" enabled\"")
          .append(a.enabled() ? " checked" : "")
          .append("></td><td><input form=\"")
          .append(form)
          .append("\" type=\"password\" name=\"password\" autocomplete=\"new-password\"")
          .append(" placeholder=\"new password\" aria-label=\"New password for ")
          .append(u)
          .append("\"></td><td class=\"actions\"><form id=\"")
          .append(form)
          .append("\" method=\"post\" action=\"/console/accounts\">")
          .append(csrf(d.csrf()))
          .append("<input type=\"hidden\" name=\"username\" value=\"")
          .append(u)
          .append("\"><button type=\"submit\" name=\"action\" value=\"edit\">Save</button>")
          .append("<button type=\"submit\" name=\"action\" value=\"reset\">Reset password</button>")
          .append("<button type=\"submit\" name=\"action\" value=\"delete\" class=\"danger\">")
          .append("Delete</button></form></td></tr>");
    }
    b.append("</tbody></table>");
    b.append(
        """
        <h3>Add an account</h3>
        <form method="post" action="/console/accounts" class="row" id="add-account">%s
          <input type="hidden" name="action" value="add">
          <label>User name <input name="username" required pattern="[a-z0-9][a-z0-9._\\-]{0,31}" autocomplete="off"></label>
          <label>Display name <input name="displayName" maxlength="64"></label>
          <label>Password <input name="password" type="password" autocomplete="new-password" placeholder="blank: generate one"></label>
          <button type="submit">Add account</button>
        </form>
        <p class="muted small">User names: lower-case letters, digits, <code>. _ -</code>.
        Passwords: at least %d characters. Only a digest of each password is stored.</p>
        </section>
        """
            .formatted(csrf(d.csrf()), SipAccounts.MIN_PASSWORD));
    return b.toString();
  }

  private static String csrf(String token) {
    return "<input type=\"hidden\" name=\"_csrf\" value=\"" + escape(token) + "\">";
  }

  private static String page(String title, String body, boolean live) {
    return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>%s — TFX Sessions</title>
        <link rel="stylesheet" href="/console-assets/console.css">
        %s
        </head>
        <body>
        %s
        </body>
        </html>
        """
        .formatted(
            escape(title),
            live ? "<script type=\"module\" src=\"/console-assets/console.js\"></script>" : "",
            body);
  }
}
