package org.tfx.sessions.it.sip;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The operator console as a script uses it: sign in, add accounts, read the live state. */
public final class ConsoleClient {
  public static final String PASSWORD =
      System.getProperty("tfx.console.adminPassword", "it-admin-password");
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern FLASH = Pattern.compile("id=\"flash\">([^<]*)<");

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .cookieHandler(new CookieManager())
          .build();

  public ConsoleClient(URI base) {
    this.base = URI.create(base.toString().replaceAll("/$", ""));
  }

  public static ConsoleClient signIn(URI base) throws Exception {
    ConsoleClient c = new ConsoleClient(base);
    HttpResponse<String> login =
        c.post("/console/login", Map.of("password", PASSWORD, "_csrf", c.csrf()));
    if (login.statusCode() != 303) {
      throw new AssertionError("console login: " + login.statusCode() + " " + login.body());
    }
    return c;
  }

  /** The CSRF token of the page {@code /console} shows now (login or dashboard). */
  public String csrf() throws Exception {
    Matcher m = CSRF.matcher(get("/console").body());
    if (!m.find()) {
      throw new AssertionError("no CSRF token on /console");
    }
    return m.group(1);
  }

  /** Adds an account (an existing one of that name is left as it is). */
  public void addAccount(String user, String password) throws Exception {
    post(
        "/console/accounts",
        Map.of(
            "action",
            "add",
            "username",
            user,
            "displayName",
            user,
            "password",
            password,
            "_csrf",
            csrf()));
    String flash = flash();
    if (!flash.startsWith("Added") && !flash.contains("exists already")) {
      throw new AssertionError("add " + user + ": " + flash);
    }
  }

  public void listener(String action, int port) throws Exception {
    post(
        "/console/listener",
        Map.of("action", action, "port", String.valueOf(port), "_csrf", csrf()));
  }

  /** The message the dashboard shows once after a form. */
  public String flash() throws Exception {
    Matcher m = FLASH.matcher(get("/console").body());
    return m.find() ? m.group(1) : "";
  }

  public JsonObject live() throws Exception {
    HttpResponse<String> r = get("/console/live");
    if (r.statusCode() != 200) {
      throw new AssertionError("/console/live: " + r.statusCode());
    }
    try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
      return reader.readObject();
    }
  }

  /** Whether {@code user} has a live registration. */
  public boolean registered(String user) throws Exception {
    return registeredOver(user, null);
  }

  /** Whether {@code user} has a live registration over {@code transport} (null: any). */
  public boolean registeredOver(String user, String transport) throws Exception {
    return live().getJsonArray("registrations").stream()
        .map(v -> v.asJsonObject())
        .anyMatch(
            r ->
                r.getString("user").equals(user)
                    && (transport == null || r.getString("transport").equals(transport)));
  }

  /** Waits until {@code user} is registered (or not), up to {@code timeout}. */
  public void awaitRegistered(String user, boolean expected, Duration timeout) throws Exception {
    awaitRegisteredOver(user, null, expected, timeout);
  }

  /** Waits until {@code user} is registered over {@code transport} (or not). */
  public void awaitRegisteredOver(String user, String transport, boolean expected, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (registeredOver(user, transport) != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(user + (expected ? " never registered" : " is still registered"));
      }
      Thread.sleep(100);
    }
  }

  public HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
    String body =
        new LinkedHashMap<>(form)
            .entrySet().stream()
                .map(
                    e ->
                        URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                            + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
