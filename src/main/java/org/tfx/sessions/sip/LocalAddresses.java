package org.tfx.sessions.sip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** The names and addresses by which this machine is this SIP server. */
final class LocalAddresses {
  private LocalAddresses() {}

  /** The configured host, else the first non-loopback IPv4 address, else 127.0.0.1. */
  static String advertisedHost(String configured) {
    if (!configured.isBlank()) {
      return configured.strip();
    }
    for (InetAddress a : all()) {
      if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
        return a.getHostAddress();
      }
    }
    return "127.0.0.1";
  }

  /** {@code host}, localhost and every address of every interface. */
  static Set<String> names(String host) {
    Set<String> names = new LinkedHashSet<>();
    names.add(host);
    names.add("localhost");
    names.add("127.0.0.1");
    names.add("::1");
    for (InetAddress a : all()) {
      String text = a.getHostAddress();
      int zone = text.indexOf('%');
      names.add(zone < 0 ? text : text.substring(0, zone));
    }
    return names;
  }

  private static Set<InetAddress> all() {
    Set<InetAddress> out = new LinkedHashSet<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nic.isUp()) {
          out.addAll(Collections.list(nic.getInetAddresses()));
        }
      }
    } catch (SocketException e) {
      // none found: loopback names only
    }
    return out;
  }
}
