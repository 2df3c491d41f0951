package org.tfx.sessions.sip.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.persistence.Database;
import org.tfx.sessions.sip.message.SipMessages;
import org.tfx.sessions.sip.registrar.Authenticator;
import org.tfx.sessions.sip.registrar.Digest;
import org.tfx.sessions.sip.registrar.Domain;
import org.tfx.sessions.sip.registrar.LocalLocation;
import org.tfx.sessions.sip.registrar.Lockout;
import org.tfx.sessions.sip.registrar.Registrar;
import org.tfx.sessions.sip.registrar.SipAccounts;
import org.tfx.sessions.sip.transport.Flow;
import org.tfx.sessions.sip.transport.Flows;
import org.tfx.sessions.sip.transport.NetworkListeners;
import org.tfx.sessions.sip.transport.Transport;

/**
 * The registrar and proxy without a container: WebSocket-like flows that record what they are sent,
 * every call made on the SIP thread as in production.
 */
class ProxyTest {
  private static final String PASSWORD = "password-1";
  private static final Pattern NONCE = Pattern.compile("nonce=\"([0-9a-f]+)\"");

  /**
   * One in-memory database for the class, never closed: closing unregisters H2's driver for the
   * whole test JVM (the app's undeploy hygiene), and other classes still need it.
   */
  private static Database db;

  private ScheduledExecutorService thread;
  private SipMessages messages;
  private Proxy proxy;
  private Calls calls;
  private Flows flows;
  private int cseq;

  /** A WebSocket flow that keeps what the proxy sends it. */
  static final class FakeFlow implements Flow {
    final String id;
    final List<SIPMessage> sent = new ArrayList<>();
    final SipMessages parser = new SipMessages();

    FakeFlow(String id) {
      this.id = id;
    }

    synchronized void clear() {
      sent.clear();
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Transport transport() {
      return Transport.WS;
    }

    @Override
    public InetSocketAddress remote() {
      return new InetSocketAddress("192.0.2.10", 0);
    }

    @Override
    public synchronized boolean send(byte[] message) {
      try {
        sent.add(parser.parse(message));
      } catch (Exception e) {
        throw new AssertionError("the proxy sent something unparsable", e);
      }
      return true;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    synchronized SIPMessage last() {
      return sent.get(sent.size() - 1);
    }

    synchronized List<SIPMessage> all() {
      return List.copyOf(sent);
    }
  }

  @org.junit.jupiter.api.BeforeAll
  static void database() {
    org.h2.Driver.load(); // a class that ran before may have closed its database, unloading it
    db =
        Database.open(
            new Settings.Database(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa",
                "",
                java.time.Duration.ofSeconds(3)));
    SipAccounts accounts = new SipAccounts(db, "test-realm", Clock.systemUTC());
    for (String u : List.of("alice", "bob", "carol")) {
      accounts.add(u, u, PASSWORD);
    }
  }

  @BeforeEach
  void start() throws Exception {
    Clock clock = Clock.systemUTC();
    SipAccounts accounts = new SipAccounts(db, "test-realm", clock);
    thread = Executors.newSingleThreadScheduledExecutor();
    messages = new SipMessages();
    calls = new Calls();
    LocalLocation location = new LocalLocation(clock);
    Domain domain = new Domain("example.com", Set.of("127.0.0.1"));
    flows = new Flows();
    NetworkListeners listeners =
        new NetworkListeners("127.0.0.1", messages, null, null, flows, 65_535, clock);
    proxy =
        new Proxy(
            new Proxy.Parts(
                messages,
                new Registrar(messages, location, domain, 60, 3600, clock),
                Authenticator.create(
                    accounts,
                    Duration.ofMinutes(5),
                    new Lockout(3, Duration.ofMinutes(5), clock),
                    clock),
                accounts,
                location,
                domain,
                flows,
                listeners,
                calls,
                "127.0.0.1",
                Duration.ofSeconds(60),
                thread,
                clock));
  }

  @AfterEach
  void stop() {
    thread.shutdownNow();
  }

  private void receive(String text, FakeFlow from) throws Exception {
    SIPMessage m = messages.parse(text.getBytes(StandardCharsets.UTF_8));
    thread
        .submit(
            () -> {
              if (m instanceof SIPRequest r) {
                proxy.request(r, from);
              } else {
                proxy.response((SIPResponse) m, from);
              }
            })
        .get();
  }

  private String register(String user, FakeFlow flow, String instance, String authorization) {
    cseq++;
    return "REGISTER sip:example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/WSS abc.invalid;branch=z9hG4bKreg"
        + cseq
        + "\r\nMax-Forwards: 70\r\nTo: <sip:"
        + user
        + "@example.com>\r\nFrom: <sip:"
        + user
        + "@example.com>;tag=r"
        + cseq
        + "\r\nCall-ID: reg-"
        + flow.id
        + "\r\nCSeq: "
        + cseq
        + " REGISTER\r\nContact: <sip:"
        + flow.id
        + "@abc.invalid;transport=ws>;+sip.instance=\"<urn:uuid:"
        + instance
        + ">\";reg-id=1;expires=600\r\nSupported: path, outbound\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
        + "Content-Length: 0\r\n\r\n";
  }

  private static String credentials(String user, String password, String nonce, int nc) {
    String ncText = String.format("%08x", nc);
    String response =
        Digest.response(
            Digest.ha1(user, "test-realm", password),
            nonce,
            ncText,
            "cn",
            "REGISTER",
            "sip:example.com");
    return "Digest username=\""
        + user
        + "\", realm=\"test-realm\", nonce=\""
        + nonce
        + "\", uri=\"sip:example.com\", response=\""
        + response
        + "\", algorithm=MD5, qop=auth, nc="
        + ncText
        + ", cnonce=\"cn\"";
  }

  private FakeFlow flow(String id) {
    FakeFlow f = new FakeFlow(id);
    flows.add(f);
    return f;
  }

  private String invite(String from, String to, int maxForwards) {
    cseq++;
    String sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";
    return "INVITE sip:"
        + to
        + "@example.com SIP/2.0\r\nVia: SIP/2.0/WSS caller.invalid;branch=z9hG4bKinv"
        + cseq
        + "\r\nMax-Forwards: "
        + maxForwards
        + "\r\nTo: <sip:"
        + to
        + "@example.com>\r\nFrom: <sip:"
        + from
        + "@example.com>;tag=i"
        + cseq
        + "\r\nCall-ID: call-"
        + cseq
        + "\r\nCSeq: 1 INVITE\r\nContact: <sip:"
        + from
        + "@caller.invalid;transport=ws;ob>\r\nContent-Type: application/sdp\r\nContent-Length: "
        + sdp.length()
        + "\r\n\r\n"
        + sdp;
  }

  /** The device's answer to the INVITE it was sent. */
  private void answer(FakeFlow device, int status, String tag) throws Exception {
    SIPRequest invite =
        (SIPRequest)
            device.all().stream()
                .filter(m -> m instanceof SIPRequest r && r.getMethod().equals("INVITE"))
                .reduce((a, b) -> b)
                .get();
    SIPResponse r = invite.createResponse(status);
    r.getTo().setTag(tag);
    receive(r.toString(), device);
  }

  private int status(FakeFlow flow) {
    return ((SIPResponse) flow.last()).getStatusCode();
  }

  private void signIn(String user, FakeFlow flow, String instance) throws Exception {
    receive(register(user, flow, instance, null), flow);
    assertEquals(401, status(flow));
    Matcher m = NONCE.matcher(flow.last().toString());
    assertTrue(m.find());
    receive(register(user, flow, instance, credentials(user, PASSWORD, m.group(1), 1)), flow);
    assertEquals(200, status(flow), flow.last().toString());
  }

  @Test
  void registrationNeedsTheRightDigestAndEchoesEveryDevice() throws Exception {
    FakeFlow phone = new FakeFlow("wphone");
    FakeFlow laptop = new FakeFlow("wlaptop");
    signIn("bob", phone, "1111");
    signIn("bob", laptop, "2222");
    String ok = laptop.last().toString();
    assertTrue(ok.contains("wphone@abc.invalid"), ok);
    assertTrue(ok.contains("wlaptop@abc.invalid"), ok);
    assertTrue(ok.contains("+sip.instance=\"<urn:uuid:2222>\""), ok);
    assertTrue(ok.contains("Require: outbound"), ok);

    // The same nonce count again is a replay: a new challenge, not a registration.
    receive(register("bob", phone, "1111", null), phone);
    Matcher m = NONCE.matcher(phone.last().toString());
    assertTrue(m.find());
    String creds = credentials("bob", PASSWORD, m.group(1), 1);
    receive(register("bob", phone, "1111", creds), phone);
    assertEquals(200, status(phone));
    receive(register("bob", phone, "1111", creds), phone);
    assertEquals(401, status(phone), "replayed nonce count");
  }

  @Test
  void anInviteForksToEveryDeviceTheFirst2xxWinsAndTheOtherBranchIsCancelled() throws Exception {
    FakeFlow alice = flow("walice");
    FakeFlow phone = flow("wphone");
    FakeFlow laptop = flow("wlaptop");
    signIn("alice", alice, "a1");
    signIn("bob", phone, "b1");
    signIn("bob", laptop, "b2");
    phone.clear();
    laptop.clear();

    receive(invite("alice", "bob", 70), alice);
    assertEquals(100, status(alice));
    for (FakeFlow device : List.of(phone, laptop)) {
      SIPRequest forwarded = (SIPRequest) device.last();
      assertEquals("INVITE", forwarded.getMethod());
      assertEquals(69, forwarded.getMaxForwards().getMaxForwards());
      assertTrue(forwarded.getTopmostVia().getBranch().startsWith(Proxy.BRANCH_PREFIX));
      String text = forwarded.toString();
      assertTrue(
          text.contains("Record-Route: <sip:tfx-" + device.id + "@127.0.0.1;transport=ws;lr>"),
          text);
      assertTrue(text.contains("<sip:tfx-walice@127.0.0.1;transport=ws;lr>"), text);
      assertTrue(forwarded.getRequestURI().toString().contains(device.id + "@abc.invalid"));
    }

    answer(phone, 180, "ph");
    assertEquals(180, status(alice));
    answer(laptop, 200, "lp");
    assertEquals(200, status(alice));
    SIPRequest cancel = (SIPRequest) phone.last();
    assertEquals("CANCEL", cancel.getMethod(), "the losing branch is cancelled");
    assertTrue(cancel.toString().contains("Call completed elsewhere"));
    assertEquals(Calls.State.ANSWERED, calls.list(java.time.Instant.now()).get(0).state());
  }

  @Test
  void theCallersCancelReachesTheRingingDeviceAndEndsWith487() throws Exception {
    FakeFlow alice = flow("walice");
    FakeFlow phone = flow("wphone");
    signIn("alice", alice, "a1");
    signIn("bob", phone, "b1");
    phone.clear();
    String invite = invite("alice", "bob", 70);
    receive(invite, alice);
    answer(phone, 180, "ph");
    assertEquals(180, status(alice));
    SIPRequest original = (SIPRequest) messages.parse(invite.getBytes(StandardCharsets.UTF_8));
    receive(original.createCancelRequest().toString(), alice);
    assertEquals(200, status(alice), "the CANCEL itself is answered");
    SIPRequest cancel = (SIPRequest) phone.last();
    assertEquals("CANCEL", cancel.getMethod());
    assertEquals(
        ((SIPRequest) phone.all().get(0)).getTopmostVia().getBranch(),
        cancel.getTopmostVia().getBranch(),
        "same branch as the INVITE it cancels");
    answer(phone, 487, "ph");
    assertEquals(487, status(alice));
  }

  @Test
  void optionsToTheServerItselfAreAnsweredWithWhatItAllows() throws Exception {
    FakeFlow probe = flow("wprobe");
    receive(
        "OPTIONS sip:example.com SIP/2.0\r\nVia: SIP/2.0/WS p.invalid;branch=z9hG4bKo1\r\n"
            + "Max-Forwards: 70\r\nTo: <sip:example.com>\r\nFrom: <sip:probe@example.com>;tag=o\r\n"
            + "Call-ID: opt-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
        probe);
    assertEquals(200, status(probe));
    assertTrue(probe.last().toString().contains("INVITE"), probe.last().toString());
  }

  @Test
  void unknownUsersAre404AbsentOnes480AndExhaustedHopsAre483() throws Exception {
    FakeFlow alice = flow("walice");
    signIn("alice", alice, "a1");
    receive(invite("alice", "nobody", 70), alice);
    assertEquals(404, status(alice));
    receive(invite("alice", "carol", 70), alice);
    assertEquals(480, status(alice));
    receive(invite("alice", "carol", 0), alice);
    assertEquals(483, status(alice));
  }

  @Test
  void wrongPasswordsAre401UntilTheLockoutMakesThem403() throws Exception {
    FakeFlow flow = new FakeFlow("wmallory");
    for (int i = 1; i <= 3; i++) {
      receive(register("carol", flow, "9", null), flow);
      Matcher m = NONCE.matcher(flow.last().toString());
      assertTrue(m.find());
      receive(
          register("carol", flow, "9", credentials("carol", "guess-" + i, m.group(1), 1)), flow);
      assertEquals(i < 3 ? 401 : 403, status(flow), "attempt " + i);
    }
    receive(register("carol", flow, "9", null), flow);
    assertEquals(403, status(flow), "locked: not even a challenge");
  }
}
