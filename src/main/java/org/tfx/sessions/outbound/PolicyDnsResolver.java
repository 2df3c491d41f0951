package org.tfx.sessions.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The only way HttpClient learns where a host is: every address the {@link Resolver} gives must be
 * one the {@link AddressPolicy} accepts, and those are the addresses the client connects to. One
 * refused address refuses the host (a name that also points inside is not trusted with the rest),
 * and the refused address is not named in the error.
 */
final class PolicyDnsResolver implements DnsResolver {
  /** The host resolved to an address the policy refuses. */
  static final class RefusedAddressException extends UnknownHostException {
    RefusedAddressException(String host) {
      super(host + " resolves to an address that is not allowed");
    }
  }

  private final Resolver resolver;
  private final AddressPolicy policy;

  PolicyDnsResolver(Resolver resolver, AddressPolicy policy) {
    this.resolver = resolver;
    this.policy = policy;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] all = resolver.resolve(host);
    if (all == null || all.length == 0) {
      throw new UnknownHostException(host);
    }
    for (InetAddress a : all) {
      if (!policy.allows(a)) {
        throw new RefusedAddressException(host);
      }
    }
    return all.clone();
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    return host; // never asked for: no Kerberos/SPNEGO here
  }
}
