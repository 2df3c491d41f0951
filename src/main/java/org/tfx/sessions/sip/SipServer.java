package org.tfx.sessions.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.persistence.Database;
import org.tfx.sessions.sip.message.BadMessage;
import org.tfx.sessions.sip.message.SipMessages;
import org.tfx.sessions.sip.proxy.Calls;
import org.tfx.sessions.sip.proxy.Proxy;
import org.tfx.sessions.sip.registrar.Authenticator;
import org.tfx.sessions.sip.registrar.Binding;
import org.tfx.sessions.sip.registrar.Domain;
import org.tfx.sessions.sip.registrar.LocalLocation;
import org.tfx.sessions.sip.registrar.Location;
import org.tfx.sessions.sip.registrar.Lockout;
import org.tfx.sessions.sip.registrar.Registrar;
import org.tfx.sessions.sip.registrar.SipAccounts;
import org.tfx.sessions.sip.transport.BadInputLog;
import org.tfx.sessions.sip.transport.Flow;
import org.tfx.sessions.sip.transport.Flows;
import org.tfx.sessions.sip.transport.Inbound;
import org.tfx.sessions.sip.transport.NetworkListeners;
import org.tfx.sessions.sip.transport.SipWebSocketConfigurator;
import org.tfx.sessions.sip.transport.SourceLimiter;
import org.tfx.sessions.sip.transport.Transport;

/**
 * The SIP server: registrar and proxy behind UDP, TCP and WebSocket. Every message is parsed once
 * at the edge (JAIN-SIP) and handled on one thread, in arrival order; a message over the flood
 * limit or beyond the queue is dropped before any work. Built and closed by the application.
 */
public final class SipServer implements Inbound, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SipServer.class.getName());
  private static final int MAX_QUEUED = 5_000;

  private final Settings.Sip settings;
  private final Clock clock;
  private final SipMessages messages = new SipMessages();
  private final ScheduledThreadPoolExecutor thread;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final SourceLimiter limiter;
  private final BadInputLog bad;
  private final Flows flows = new Flows();
  private final SipAccounts accounts;
  private final Location location;
  private final Calls calls = new Calls();
  private final NetworkListeners listeners;
  private final Proxy proxy;
  private final String host;

  public SipServer(Settings.Sip settings, Database database, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.thread = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "tfx-sip"));
    thread.setRemoveOnCancelPolicy(true);
    this.limiter =
        new SourceLimiter(settings.ratePerSecond(), settings.rateBurst(), System::nanoTime);
    this.bad = new BadInputLog(System::nanoTime);
    this.accounts = new SipAccounts(database, settings.realm(), clock);
    this.location = new LocalLocation(clock);
    this.host = LocalAddresses.advertisedHost(settings.host());
    Domain domain = new Domain(settings.domain(), LocalAddresses.names(host));
    this.listeners =
        new NetworkListeners(
            settings.bind(), messages, this, bad, flows, settings.maxMessageBytes(), clock);
    Lockout lockout = new Lockout(settings.lockoutAttempts(), settings.lockoutDuration(), clock);
    this.proxy =
        new Proxy(
            new Proxy.Parts(
                messages,
                new Registrar(
                    messages,
                    location,
                    domain,
                    settings.minExpires(),
                    settings.maxExpires(),
                    clock),
                Authenticator.create(accounts, settings.nonceTtl(), lockout, clock),
                accounts,
                location,
                domain,
                flows,
                listeners,
                calls,
                host,
                settings.ringTimeout(),
                thread,
                clock));
  }

  /** Opens the UDP and TCP listeners on the configured port (0: none). */
  public void start() {
    listeners.start(settings.port());
    LOG.info(
        "SIP: domain '"
            + (settings.domain().isEmpty() ? "(any)" : settings.domain())
            + "', realm '"
            + settings.realm()
            + "', this server is "
            + host
            + "; WebSocket clients connect to /sip");
  }

  /**
   * The {@code /sip} endpoint; {@code addressHeader} carries the client address past the filter.
   */
  public ServerEndpointConfig webSocketEndpoint(String addressHeader) {
    return new SipWebSocketConfigurator(
            this,
            flows,
            bad,
            settings.maxMessageBytes(),
            settings.keepAlive().toMillis(),
            thread,
            addressHeader)
        .endpointConfig();
  }

  @Override
  public void received(byte[] message, Flow flow) {
    if (!limiter.admit(flow.remote().getAddress())) {
      dropped.incrementAndGet();
      return;
    }
    if (queued.incrementAndGet() > MAX_QUEUED) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    try {
      thread.execute(
          () -> {
            queued.decrementAndGet();
            handle(message, flow);
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      queued.decrementAndGet(); // shutting down
    }
  }

  private void handle(byte[] bytes, Flow flow) {
    SIPMessage message;
    try {
      message = messages.parse(bytes);
    } catch (BadMessage e) {
      bad.bad(
          flow.remote().getAddress(),
          flow.transport(),
          e.getMessage(),
          SipMessages.firstLine(bytes));
      if (e.request() != null) {
        try {
          proxy.badRequest(e.request(), flow, "Bad Request");
        } catch (RuntimeException again) {
          LOG.log(Level.FINE, "cannot answer a bad request", again);
        }
      }
      return;
    }
    try {
      if (message instanceof SIPRequest request) {
        proxy.request(request, flow);
      } else if (message instanceof SIPResponse response) {
        proxy.response(response, flow);
      }
    } catch (RuntimeException e) {
      // JAIN-SIP accepts some messages it cannot encode again, and the proxy may meet a header
      // it did not expect: the message is lost, never the server.
      bad.bad(
          flow.remote().getAddress(),
          flow.transport(),
          "cannot handle: " + e.getClass().getSimpleName(),
          SipMessages.firstLine(bytes));
      LOG.log(Level.FINE, "SIP message failed", e);
    }
  }

  @Override
  public void closed(Flow flow) {
    try {
      thread.execute(() -> proxy.flowClosed(flow));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // shutting down
    }
  }

  public SipAccounts accounts() {
    return accounts;
  }

  public NetworkListeners listeners() {
    return listeners;
  }

  /** The host this server names itself by in Via and Record-Route. */
  public String host() {
    return host;
  }

  public Settings.Sip settings() {
    return settings;
  }

  /** Every live registration. */
  public List<Binding> registrations() {
    return location.all();
  }

  public List<Calls.Call> calls() {
    return calls.list(clock.instant());
  }

  /** Messages dropped by the flood limit or a full queue, and bad messages seen, since start. */
  public Counters counters() {
    return new Counters(
        dropped.get(), bad.total(), flows.count(Transport.WS), flows.count(Transport.TCP));
  }

  /** What the console shows about the traffic. */
  public record Counters(long dropped, long bad, int webSockets, int tcpConnections) {}

  @Override
  public void close() {
    listeners.close();
    thread.shutdownNow();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
