package org.tfx.sessions.sip.registrar;

import java.util.Locale;
import java.util.Set;

/**
 * Which host names mean this server: the configured SIP domain, the host it names itself by, and
 * its own addresses. With no domain configured, every name does (one server on a LAN, reached by
 * whatever address a phone was given).
 */
public record Domain(String name, Set<String> localHosts) {
  public Domain {
    name = name.toLowerCase(Locale.ROOT);
    localHosts = Set.copyOf(localHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
  }

  public boolean isOurs(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return name.isEmpty() || h.equals(name) || localHosts.contains(h);
  }

  /** Whether {@code host} is one of this server's own addresses or names (not just the domain). */
  public boolean isLocalHost(String host) {
    return host != null && localHosts.contains(host.toLowerCase(Locale.ROOT));
  }
}
