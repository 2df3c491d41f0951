package org.tfx.sessions.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Host name to addresses; the system resolver in production, a table in tests. */
@FunctionalInterface
public interface Resolver {
  Resolver SYSTEM = InetAddress::getAllByName;

  InetAddress[] resolve(String host) throws UnknownHostException;
}
