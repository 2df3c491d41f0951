package org.tfx.sessions.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which addresses and ports an outgoing call may reach. {@link #publicOnly()} refuses everything
 * that is not a globally routed unicast address — loopback, private (RFC 1918, unique local),
 * link-local, carrier-grade NAT, multicast, unspecified, broadcast, documentation and reserved
 * ranges, in IPv4, IPv6 and IPv4 embedded in IPv6 (mapped, compatible, NAT64, 6to4) — and the ports
 * browsers refuse to fetch from (SMTP, SSH, …).
 */
public final class AddressPolicy {
  /** The Fetch standard's "bad ports": services that must not receive HTTP from a browser. */
  private static final Set<Integer> BAD_PORTS =
      Set.of(
          0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95,
          101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179,
          389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601,
          636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566,
          6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080);

  private final boolean publicOnly;
  private final Predicate<InetAddress> exempt;

  private AddressPolicy(boolean publicOnly, Predicate<InetAddress> exempt) {
    this.publicOnly = publicOnly;
    this.exempt = exempt;
  }

  /** For URLs that anyone in a room can choose. */
  public static AddressPolicy publicOnly() {
    return new AddressPolicy(true, a -> false);
  }

  /**
   * Public addresses and those {@code exempt} accepts: lets a test stand a loopback server in for
   * "the internet" while every other private address stays refused.
   */
  public static AddressPolicy publicOnlyExcept(Predicate<InetAddress> exempt) {
    return new AddressPolicy(true, exempt);
  }

  /** For URLs the operator configured (a translation service on the local network, tests). */
  public static AddressPolicy any() {
    return new AddressPolicy(false, a -> true);
  }

  public boolean allows(InetAddress address) {
    return !publicOnly || isPublic(address) || exempt.test(address);
  }

  public boolean allowsPort(int port) {
    return port > 0 && port <= 65_535 && (!publicOnly || !BAD_PORTS.contains(port));
  }

  /** Whether {@code address} is a globally routed unicast address. */
  public static boolean isPublic(InetAddress address) {
    if (address instanceof Inet4Address v4) {
      return isPublicV4(v4.getAddress());
    }
    byte[] a = ((Inet6Address) address).getAddress();
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    int first = a[0] & 0xff;
    if ((first & 0xfe) == 0xfc) {
      return false; // fc00::/7 unique local
    }
    if ((first & 0xe0) != 0x20) {
      return false; // only 2000::/3 is global unicast
    }
    if (first == 0x20 && a[1] == 0x01 && a[2] == 0x0d && (a[3] & 0xff) == 0xb8) {
      return false; // 2001:db8::/32 documentation
    }
    if (first == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) {
      return false; // 2001::/32 Teredo: the IPv4 inside is obfuscated, refuse outright
    }
    if (first == 0x20 && a[1] == 0x02) {
      return isPublicV4(new byte[] {a[2], a[3], a[4], a[5]}); // 2002::/16 6to4
    }
    return true;
  }

  /**
   * Addresses outside 2000::/3 that embed an IPv4 address (mapped {@code ::ffff:a.b.c.d},
   * compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}) are refused above already; Java
   * turns a mapped address into an {@link Inet4Address} anyway, which {@link #isPublicV4} judges.
   */
  private static boolean isPublicV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    return !(a0 == 0 // 0.0.0.0/8 "this network"
        || a0 == 10 // private
        || a0 == 127 // loopback
        || (a0 == 100 && (a1 & 0xc0) == 64) // 100.64.0.0/10 carrier-grade NAT
        || (a0 == 169 && a1 == 254) // link-local
        || (a0 == 172 && (a1 & 0xf0) == 16) // private
        || (a0 == 192 && a1 == 0 && a2 == 0) // IETF protocol assignments
        || (a0 == 192 && a1 == 0 && a2 == 2) // documentation
        || (a0 == 192 && a1 == 88 && a2 == 99) // 6to4 relay anycast
        || (a0 == 192 && a1 == 168) // private
        || (a0 == 198 && (a1 & 0xfe) == 18) // benchmarking
        || (a0 == 198 && a1 == 51 && a2 == 100) // documentation
        || (a0 == 203 && a1 == 0 && a2 == 113) // documentation
        || a0 >= 224); // multicast, reserved, broadcast
  }
}
