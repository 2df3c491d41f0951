package org.tfx.sessions.turn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tfx.sessions.config.SettingKey;
import org.tfx.sessions.config.SettingsException;

/**
 * Checks the configured STUN and TURN URLs (RFC 7064/7065) once at start, so a typo fails the
 * deployment instead of every call behind a firewall.
 *
 * <p>A {@code turn:} URL without {@code ?transport=} becomes two, one for UDP and one for TCP:
 * browsers read the bare form as UDP only, and TURN over TCP is what gets through networks that
 * drop UDP. {@code turns:} (TLS, usually on 443) is TCP by definition and stays as it is.
 */
final class IceUrls {
  private static final Pattern URL =
      Pattern.compile(
          "(stuns?|turns?):(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:\\d{1,5})?(\\?transport=(udp|tcp))?");

  private IceUrls() {}

  static List<String> stun(List<String> configured) {
    Set<String> urls = new LinkedHashSet<>();
    for (String url : configured) {
      Matcher m = parse(SettingKey.STUN_URLS, url);
      if (!m.group(1).startsWith("stun") || m.group(4) != null) {
        throw SettingsException.invalid(
            SettingKey.STUN_URLS, url, "stun:HOST[:PORT] or stuns:HOST[:PORT]");
      }
      urls.add(url);
    }
    return List.copyOf(urls);
  }

  static List<String> turn(List<String> configured) {
    Set<String> urls = new LinkedHashSet<>();
    for (String url : configured) {
      Matcher m = parse(SettingKey.TURN_URLS, url);
      String scheme = m.group(1);
      if (!scheme.startsWith("turn")) {
        throw SettingsException.invalid(
            SettingKey.TURN_URLS, url, "turn:HOST[:PORT][?transport=udp|tcp] or turns:HOST[:PORT]");
      }
      if (scheme.equals("turn") && m.group(4) == null) {
        urls.add(url + "?transport=udp");
        urls.add(url + "?transport=tcp");
      } else {
        urls.add(url);
      }
    }
    return List.copyOf(new ArrayList<>(urls));
  }

  private static Matcher parse(SettingKey key, String url) {
    Matcher m = URL.matcher(url.toLowerCase(Locale.ROOT));
    if (!m.matches() || !validPort(m.group(3))) {
      throw SettingsException.invalid(
          key, url, "an ICE server URL such as turn:turn.example.org:3478");
    }
    return m;
  }

  private static boolean validPort(String colonPort) {
    if (colonPort == null) {
      return true;
    }
    int port = Integer.parseInt(colonPort.substring(1));
    return port >= 1 && port <= 65535;
  }
}
