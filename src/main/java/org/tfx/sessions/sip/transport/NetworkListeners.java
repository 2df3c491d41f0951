package org.tfx.sessions.sip.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tfx.sessions.sip.message.SipMessages;

/**
 * The UDP and TCP listeners on one port, started and stopped together: at application start, when
 * the operator turns them off, on or moves them in the console, and when the application is
 * undeployed. A port that cannot be bound leaves them off with the reason in {@link #status()}; the
 * rest of the application runs on.
 */
public final class NetworkListeners implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NetworkListeners.class.getName());

  /** What the console shows: the port asked for, whether it is open, since when, and any error. */
  public record Status(int port, boolean running, Instant since, String error) {}

  private final String bind;
  private final SipMessages messages;
  private final Inbound inbound;
  private final BadInputLog bad;
  private final Flows flows;
  private final int maxBytes;
  private final Clock clock;

  private UdpListener udp;
  private TcpListener tcp;
  private Status status;

  public NetworkListeners(
      String bind,
      SipMessages messages,
      Inbound inbound,
      BadInputLog bad,
      Flows flows,
      int maxBytes,
      Clock clock) {
    this.bind = bind;
    this.messages = messages;
    this.inbound = inbound;
    this.bad = bad;
    this.flows = flows;
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.status = new Status(0, false, clock.instant(), "");
  }

  /** Opens UDP and TCP on {@code port} (0: stays off), closing whatever was open first. */
  public synchronized Status start(int port) {
    stopListeners();
    if (port == 0) {
      status = new Status(0, false, clock.instant(), "");
      LOG.info("SIP: UDP and TCP listeners are off");
      return status;
    }
    InetSocketAddress address = new InetSocketAddress(bind, port);
    try {
      udp = new UdpListener(address, inbound, bad, maxBytes);
      tcp = new TcpListener(address, messages, inbound, bad, flows, maxBytes);
      status = new Status(port, true, clock.instant(), "");
      LOG.info("SIP: listening on UDP and TCP " + bind + ":" + port);
    } catch (IOException | RuntimeException e) {
      stopListeners();
      String why = e.getClass().getSimpleName() + ": " + e.getMessage();
      status = new Status(port, false, clock.instant(), why);
      LOG.log(Level.WARNING, "SIP: cannot listen on " + bind + ":" + port + " (" + why + ")");
    }
    return status;
  }

  /** Closes both listeners and every TCP connection; the port is kept for a later restart. */
  public synchronized Status stop() {
    stopListeners();
    status = new Status(status.port(), false, clock.instant(), "");
    LOG.info("SIP: UDP and TCP listeners stopped");
    return status;
  }

  public synchronized Status restart() {
    return start(status.port());
  }

  public synchronized Status status() {
    return status;
  }

  private void stopListeners() {
    if (udp != null) {
      udp.close();
      udp = null;
    }
    if (tcp != null) {
      tcp.close();
      tcp = null;
    }
  }

  /** Sends over UDP from the listening socket; false when the listeners are off. */
  public boolean sendUdp(InetSocketAddress to, byte[] message) {
    UdpListener u;
    synchronized (this) {
      u = udp;
    }
    return u != null && u.send(to, message);
  }

  /** A TCP connection to {@code target}: the open one, or a new one. */
  public Optional<Flow> tcpConnection(InetSocketAddress target) {
    TcpListener t;
    synchronized (this) {
      t = tcp;
    }
    return t == null ? Optional.empty() : t.connection(target);
  }

  @Override
  public synchronized void close() {
    stopListeners();
  }
}
