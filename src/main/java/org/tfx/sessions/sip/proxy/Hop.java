package org.tfx.sessions.sip.proxy;

import java.net.InetSocketAddress;
import org.tfx.sessions.sip.transport.Flow;
import org.tfx.sessions.sip.transport.Transport;

/** Where a request goes next: over an open flow, or to an address over UDP or TCP. */
record Hop(Flow flow, Transport transport, InetSocketAddress address) {
  static Hop over(Flow flow) {
    return new Hop(flow, flow.transport(), flow.remote());
  }

  static Hop to(Transport transport, InetSocketAddress address) {
    return new Hop(null, transport, address);
  }
}
