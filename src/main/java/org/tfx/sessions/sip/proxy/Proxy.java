package org.tfx.sessions.sip.proxy;

import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.header.Route;
import gov.nist.javax.sip.header.RouteList;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tfx.sessions.sip.message.SipMessages;
import org.tfx.sessions.sip.registrar.Authenticator;
import org.tfx.sessions.sip.registrar.Binding;
import org.tfx.sessions.sip.registrar.Domain;
import org.tfx.sessions.sip.registrar.Location;
import org.tfx.sessions.sip.registrar.Registrar;
import org.tfx.sessions.sip.registrar.SipAccounts;
import org.tfx.sessions.sip.transport.Flow;
import org.tfx.sessions.sip.transport.Flows;
import org.tfx.sessions.sip.transport.NetworkListeners;
import org.tfx.sessions.sip.transport.Transport;

/**
 * Routes every request and response of the SIP server: REGISTER to the {@link Registrar}, requests
 * for our users to their devices (forking INVITEs), in-dialog requests along their route, answers
 * back the way their request came. Runs only on the SIP thread ({@code timers} is that thread).
 */
public final class Proxy {
  private static final Logger LOG = Logger.getLogger(Proxy.class.getName());

  /** Branches of our Vias start so; what follows the dot is the loop-detection hash. */
  static final String BRANCH_PREFIX = SipMessages.MAGIC_COOKIE + "tfx";

  private static final long T1_MS = 500;
  private static final long T2_MS = 4_000;
  private static final long TIMEOUT_MS = 64 * T1_MS;
  private static final long LINGER_UNRELIABLE_MS = 32_000;
  private static final long LINGER_RELIABLE_MS = 2_000;
  private static final long CANCEL_GRACE_MS = 4_000;
  private static final int MAX_TRANSACTIONS = 20_000;
  private static final int DEFAULT_MAX_FORWARDS = 70;
  private static final String ALLOW =
      "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, UPDATE, INFO, MESSAGE, PRACK, REFER, NOTIFY,"
          + " SUBSCRIBE";

  /** What the proxy is made of. */
  public record Parts(
      SipMessages messages,
      Registrar registrar,
      Authenticator authenticator,
      SipAccounts accounts,
      Location location,
      Domain domain,
      Flows flows,
      NetworkListeners listeners,
      Calls calls,
      String host,
      Duration ringTimeout,
      ScheduledExecutorService timers,
      Clock clock) {}

  private final Parts p;
  private final SipMessages messages;
  private final OurRoutes routes;
  private final Sender sender;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, ServerTransaction> servers = new HashMap<>();
  private final Map<String, ClientTransaction> clients = new HashMap<>();

  public Proxy(Parts parts) {
    this.p = parts;
    this.messages = parts.messages();
    this.routes = new OurRoutes(parts.domain(), parts.host());
    this.sender = new Sender(parts.listeners());
  }

  // ---------------------------------------------------------------------------------- requests

  public void request(SIPRequest request, Flow flow) {
    stampVia(request, flow);
    String method = request.getMethod();
    if (method.equals(Request.ACK)) {
      ack(request, flow);
      return;
    }
    if (method.equals(Request.CANCEL)) {
      cancel(request, flow);
      return;
    }
    String key = serverKey(request, method);
    ServerTransaction existing = servers.get(key);
    if (existing != null) {
      if (existing.lastResponse != null) {
        sendBack(existing, existing.lastResponse);
      }
      return;
    }
    if (servers.size() >= MAX_TRANSACTIONS) {
      sendStateless(request, flow, Response.SERVICE_UNAVAILABLE, "Busy: too many transactions");
      return;
    }
    ServerTransaction stx = new ServerTransaction(key, request, flow, newToken(6));
    servers.put(key, stx);
    if (stx.isInvite()) {
      respond(stx, messages.response(request, Response.TRYING, null));
    }
    MaxForwardsHeader mf = request.getMaxForwards();
    if (mf != null && mf.getMaxForwards() <= 0) {
      if (method.equals(Request.OPTIONS) && isForUs(request)) {
        options(stx);
      } else {
        reject(stx, Response.TOO_MANY_HOPS, null);
      }
      return;
    }
    if (looped(request)) {
      reject(stx, Response.LOOP_DETECTED, null);
      return;
    }
    Popped popped = popOurRoutes(request, flow);
    if (request.getToTag() != null) {
      inDialog(stx, request, popped);
    } else if (request.getHeader(RouteHeader.NAME) != null) {
      reject(stx, Response.FORBIDDEN, "Not relaying to other proxies");
    } else {
      outOfDialog(stx, request, flow);
    }
  }

  private void outOfDialog(ServerTransaction stx, SIPRequest request, Flow flow) {
    SipURI target = (SipURI) request.getRequestURI();
    if (!p.domain().isOurs(target.getHost())) {
      reject(stx, Response.FORBIDDEN, "Not a domain of this server");
      return;
    }
    if (request.getMethod().equals(Request.REGISTER)) {
      register(stx, request, flow);
      return;
    }
    if (target.getUser() == null || target.getUser().isEmpty()) {
      if (request.getMethod().equals(Request.OPTIONS)) {
        options(stx);
      } else {
        reject(stx, Response.NOT_FOUND, null);
      }
      return;
    }
    String caller = authenticatedCaller(stx, request, flow);
    if (caller == null) {
      return;
    }
    String callee = target.getUser();
    if (p.accounts().find(callee).filter(SipAccounts.View::enabled).isEmpty()) {
      reject(stx, Response.NOT_FOUND, null);
      return;
    }
    List<Binding> bindings = p.location().of(callee);
    boolean invite = stx.isInvite();
    List<Target> targets = new ArrayList<>();
    for (Binding b : invite ? bindings : bindings.stream().limit(1).toList()) {
      hopFor(b).ifPresent(hop -> targets.add(new Target(b.contactUri(), hop)));
    }
    if (targets.isEmpty()) {
      reject(stx, Response.TEMPORARILY_UNAVAILABLE, null);
      return;
    }
    if (invite) {
      p.calls()
          .ringing(
              request.getCallId().getCallId(),
              caller,
              callee,
              flow.transport().name(),
              p.clock().instant());
      stx.ringTimer =
          p.timers()
              .schedule(() -> ringTimeout(stx), p.ringTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    boolean dialogCreating = invite || request.getMethod().equals(Request.SUBSCRIBE);
    for (Target t : targets) {
      forward(stx, request, t.uri(), t.hop(), dialogCreating);
    }
  }

  private record Target(String uri, Hop hop) {}

  private void register(ServerTransaction stx, SIPRequest request, Flow flow) {
    Authenticator.Outcome outcome = p.authenticator().check(request, address(flow), false);
    if (outcome instanceof Authenticator.Authenticated a) {
      respond(stx, p.registrar().register(request, flow, a.username(), stx.toTag));
    } else if (outcome instanceof Authenticator.Challenge c) {
      challenge(stx, Response.UNAUTHORIZED, c);
    } else {
      reject(stx, Response.FORBIDDEN, "Locked out");
    }
  }

  /**
   * The caller of an out-of-dialog request: a user registered over the very connection it came on,
   * or one whose Proxy-Authorization is good. Null after answering 407 or 403.
   */
  private String authenticatedCaller(ServerTransaction stx, SIPRequest request, Flow flow) {
    String fromUser =
        request.getFrom().getAddress().getURI() instanceof SipURI from ? from.getUser() : null;
    if (fromUser == null) {
      reject(stx, Response.FORBIDDEN, "From is not a user of this server");
      return null;
    }
    if (flow.transport().connectionOriented()
        && p.location().of(fromUser).stream().anyMatch(b -> flow.id().equals(b.flowId()))) {
      return fromUser;
    }
    Authenticator.Outcome outcome = p.authenticator().check(request, address(flow), true);
    if (outcome instanceof Authenticator.Authenticated a) {
      if (a.username().equals(fromUser)) {
        return fromUser;
      }
      reject(stx, Response.FORBIDDEN, "From is not the authenticated user");
    } else if (outcome instanceof Authenticator.Challenge c) {
      challenge(stx, Response.PROXY_AUTHENTICATION_REQUIRED, c);
    } else {
      reject(stx, Response.FORBIDDEN, "Locked out");
    }
    return null;
  }

  private void inDialog(ServerTransaction stx, SIPRequest request, Popped popped) {
    Optional<Hop> hop = inDialogHop(request, popped, stx.inbound);
    if (hop.isEmpty()) {
      reject(
          stx,
          popped.any ? Response.NOT_FOUND : Response.FORBIDDEN,
          popped.any ? "Dialog peer unreachable" : "Not a dialog of this proxy");
      return;
    }
    if (request.getMethod().equals(Request.BYE)) {
      p.calls().ended(request.getCallId().getCallId());
    }
    forward(stx, request, null, hop.get(), false);
  }

  /**
   * The next hop of an in-dialog request (after our Route entries are gone): the next Route, else
   * the flow our Record-Route token named, else the device whose Contact is the Request-URI.
   */
  private Optional<Hop> inDialogHop(SIPRequest request, Popped popped, Flow inbound) {
    RouteList rest = request.getRouteHeaders();
    if (rest != null && !rest.isEmpty()) {
      if (!popped.any) {
        return Optional.empty();
      }
      return ((Route) rest.getFirst()).getAddress().getURI() instanceof SipURI next
          ? sender.hopOf(next)
          : Optional.empty();
    }
    if (popped.targetFlow != null) {
      Optional<Flow> target = p.flows().find(popped.targetFlow);
      if (target.isPresent() && !target.get().id().equals(inbound.id())) {
        return Optional.of(Hop.over(target.get()));
      }
    }
    SipURI uri = (SipURI) request.getRequestURI();
    Optional<Binding> device = p.location().byContact(Binding.contactKey(uri));
    if (device.isPresent()) {
      return hopFor(device.get());
    }
    if (p.domain().isLocalHost(uri.getHost()) && uri.getUser() != null) {
      // A UA that sends in-dialog requests to the proxy's own address (some test tools do).
      return p.location().of(uri.getUser()).stream().findFirst().flatMap(this::hopFor);
    }
    return popped.any ? sender.hopOf(uri) : Optional.empty();
  }

  private Optional<Hop> hopFor(Binding b) {
    if (b.flowId() != null) {
      return p.flows().find(b.flowId()).map(Hop::over);
    }
    try {
      return sender.hopOf((SipURI) messages.addresses().createURI(b.contactUri()));
    } catch (ParseException | ClassCastException e) {
      return Optional.empty();
    }
  }

  private void forward(
      ServerTransaction stx, SIPRequest request, String requestUri, Hop hop, boolean recordRoute) {
    SIPRequest copy = (SIPRequest) request.clone();
    try {
      if (requestUri != null) {
        copy.setRequestURI(messages.addresses().createURI(requestUri));
      }
      MaxForwards mf = (MaxForwards) copy.getMaxForwards();
      if (mf == null) {
        copy.setHeader(new MaxForwards(DEFAULT_MAX_FORWARDS));
      } else {
        mf.decrementMaxForwards();
      }
      if (recordRoute) {
        copy.addFirst(
            messages
                .headers()
                .createHeader(
                    "Record-Route",
                    routes.recordRoute(stx.inbound.transport(), stx.inbound, port(stx.inbound))));
        copy.addFirst(
            messages
                .headers()
                .createHeader(
                    "Record-Route",
                    routes.recordRoute(hop.transport(), hop.flow(), port(hop.transport()))));
      }
      String branch = BRANCH_PREFIX + newToken(8) + "." + loopHash(request);
      copy.addFirst(messages.via(hop.transport().name(), p.host(), port(hop.transport()), branch));
      ClientTransaction ctx =
          new ClientTransaction(branch, copy, hop, stx, copy.getRequestURI().toString());
      clients.put(clientKey(branch, copy.getMethod()), ctx);
      stx.branches.add(ctx);
      transmit(ctx);
    } catch (ParseException | SipException | javax.sip.InvalidArgumentException e) {
      LOG.log(Level.FINE, "cannot forward", e);
      reject(stx, Response.SERVER_INTERNAL_ERROR, null);
    }
  }

  private void transmit(ClientTransaction ctx) {
    if (!sender.send(ctx.hop, SipMessages.bytes(ctx.request))) {
      branchFailed(ctx, Response.TEMPORARILY_UNAVAILABLE, "Device unreachable");
      return;
    }
    if (!ctx.hop.transport().connectionOriented()) {
      scheduleRetransmit(ctx, T1_MS);
    }
    ctx.timeout =
        p.timers()
            .schedule(
                () -> branchFailed(ctx, Response.REQUEST_TIMEOUT, null),
                TIMEOUT_MS,
                TimeUnit.MILLISECONDS);
  }

  private void scheduleRetransmit(ClientTransaction ctx, long delay) {
    ctx.retransmit =
        p.timers()
            .schedule(
                () -> {
                  if (ctx.isFinal() || (ctx.isInvite() && ctx.status > 0)) {
                    return;
                  }
                  sender.send(ctx.hop, SipMessages.bytes(ctx.request));
                  scheduleRetransmit(ctx, ctx.isInvite() ? delay * 2 : Math.min(delay * 2, T2_MS));
                },
                delay,
                TimeUnit.MILLISECONDS);
  }

  /** A branch that ends without an answer from its device: as if it had answered {@code status}. */
  private void branchFailed(ClientTransaction ctx, int status, String reason) {
    if (ctx.isFinal()) {
      return;
    }
    SIPResponse synthetic = messages.response(ctx.request, status, null);
    if (reason != null) {
      synthetic.setReasonPhrase(reason);
    }
    ctx.record(synthetic);
    ctx.stopTimers();
    forget(ctx);
    branchAnswered(ctx, synthetic);
  }

  // ---------------------------------------------------------------------------------- ACK, CANCEL

  private void ack(SIPRequest request, Flow flow) {
    ServerTransaction stx = servers.get(serverKey(request, Request.INVITE));
    if (stx != null
        && stx.lastResponse != null
        && stx.lastResponse.getStatusCode() >= Response.MULTIPLE_CHOICES) {
      return; // the ACK of a failure: it ends here, hop by hop
    }
    MaxForwardsHeader mf = request.getMaxForwards();
    if (mf != null && mf.getMaxForwards() <= 0) {
      return;
    }
    Popped popped = popOurRoutes(request, flow);
    Optional<Hop> hop = inDialogHop(request, popped, flow);
    if (hop.isEmpty()) {
      return;
    }
    SIPRequest copy = (SIPRequest) request.clone();
    try {
      MaxForwards m = (MaxForwards) copy.getMaxForwards();
      if (m != null) {
        m.decrementMaxForwards();
      }
      String branch =
          BRANCH_PREFIX
              + org.tfx.sessions.sip.registrar.Digest.md5(request.getTopmostVia().getBranch())
                  .substring(0, 16)
              + "."
              + loopHash(request);
      copy.addFirst(
          messages.via(
              hop.get().transport().name(), p.host(), port(hop.get().transport()), branch));
      sender.send(hop.get(), SipMessages.bytes(copy));
    } catch (SipException e) {
      LOG.log(Level.FINE, "cannot forward ACK", e);
    }
  }

  private void cancel(SIPRequest request, Flow flow) {
    ServerTransaction stx = servers.get(serverKey(request, Request.INVITE));
    if (stx == null) {
      sendStateless(request, flow, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
      return;
    }
    sendStateless(request, flow, Response.OK, null);
    if (stx.finalSent) {
      return;
    }
    stx.canceled = true;
    for (ClientTransaction ctx : stx.branches) {
      cancelBranch(ctx, null);
    }
    p.timers()
        .schedule(
            () -> {
              if (!stx.finalSent) {
                reject(stx, Response.REQUEST_TERMINATED, null);
              }
            },
            CANCEL_GRACE_MS,
            TimeUnit.MILLISECONDS);
  }

  /**
   * Cancels a branch: at once when its device has answered provisionally, else as soon as it does
   * (RFC 3261 9.1).
   */
  private void cancelBranch(ClientTransaction ctx, String reason) {
    if (ctx.isFinal() || ctx.cancelSent) {
      return;
    }
    if (!ctx.hasProvisional()) {
      ctx.cancelPending = true;
      return;
    }
    try {
      SIPRequest cancel = ctx.request.createCancelRequest();
      if (reason != null) {
        messages.addHeader(cancel, "Reason", reason);
      }
      ctx.cancelSent = true;
      sender.send(ctx.hop, SipMessages.bytes(cancel));
    } catch (SipException e) {
      LOG.log(Level.FINE, "cannot build CANCEL", e);
    }
  }

  private void ringTimeout(ServerTransaction stx) {
    if (!stx.finalSent) {
      reject(stx, Response.TEMPORARILY_UNAVAILABLE, "No answer");
    }
  }

  // ---------------------------------------------------------------------------------- responses

  public void response(SIPResponse response, Flow flow) {
    Via top = response.getTopmostVia();
    String branch = top.getBranch();
    if (branch == null || !branch.startsWith(BRANCH_PREFIX)) {
      return; // not through us
    }
    String method = response.getCSeq().getMethod();
    if (method.equals(Request.CANCEL)) {
      return; // our CANCEL's answer; the INVITE's 487 follows
    }
    ClientTransaction ctx = clients.get(clientKey(branch, method));
    if (ctx == null) {
      if (method.equals(Request.INVITE) && response.getStatusCode() / 100 == 2) {
        forwardStateless(response); // a retransmitted 2xx after the transaction ended
      }
      return;
    }
    int status = response.getStatusCode();
    boolean wasFinal = ctx.isFinal();
    if (wasFinal) {
      if (ctx.isInvite() && status / 100 == 2) {
        relay(ctx.parent, response);
      } else if (ctx.isInvite() && status >= Response.MULTIPLE_CHOICES) {
        sendAck(ctx, response);
      }
      return;
    }
    ctx.record(response);
    if (ctx.retransmit != null && (ctx.isInvite() || status >= Response.OK)) {
      ctx.retransmit.cancel(false);
      ctx.retransmit = null;
    }
    if (status >= Response.OK) {
      ctx.stopTimers();
      p.timers().schedule(() -> forget(ctx), linger(ctx.hop.transport()), TimeUnit.MILLISECONDS);
    } else if (ctx.cancelPending) {
      cancelBranch(ctx, null);
    }
    if (ctx.isInvite() && status >= Response.MULTIPLE_CHOICES) {
      sendAck(ctx, response);
    }
    branchAnswered(ctx, response);
  }

  /** A branch's answer reaches the response context of its server transaction (RFC 3261 16.7). */
  private void branchAnswered(ClientTransaction ctx, SIPResponse response) {
    ServerTransaction stx = ctx.parent;
    int status = response.getStatusCode();
    if (status == Response.TRYING) {
      return;
    }
    if (status < Response.OK) {
      if (!stx.finalSent) {
        relay(stx, response);
      }
      return;
    }
    if (status < Response.MULTIPLE_CHOICES) {
      relay(stx, response);
      if (!stx.answered) {
        stx.answered = true;
        if (stx.isInvite() && stx.request.getToTag() == null) {
          p.calls()
              .answered(
                  stx.request.getCallId().getCallId(),
                  ctx.hop.transport().name(),
                  p.clock().instant());
        }
        stx.branches.stream()
            .filter(other -> other != ctx)
            .forEach(
                other -> cancelBranch(other, "SIP;cause=200;text=\"Call completed elsewhere\""));
      }
      return;
    }
    stx.offer(response);
    if (status >= 600) {
      stx.branches.stream().filter(other -> other != ctx).forEach(o -> cancelBranch(o, null));
    }
    if (stx.allBranchesFinal() && !stx.finalSent) {
      if (stx.canceled && stx.best.getStatusCode() != Response.REQUEST_TERMINATED) {
        reject(stx, Response.REQUEST_TERMINATED, null);
      } else {
        relay(stx, stx.best);
      }
    }
  }

  private void sendAck(ClientTransaction ctx, SIPResponse response) {
    SIPRequest ack = ctx.request.createAckRequest((To) response.getTo());
    sender.send(ctx.hop, SipMessages.bytes(ack));
  }

  /** Passes a branch's answer back to the caller, without our Via. */
  private void relay(ServerTransaction stx, SIPResponse response) {
    SIPResponse copy = (SIPResponse) response.clone();
    copy.removeFirst(ViaHeader.NAME);
    if (copy.getStatusCode() == Response.SERVICE_UNAVAILABLE) {
      try {
        copy.setStatusCode(Response.SERVER_INTERNAL_ERROR); // RFC 3261 16.7 step 6
      } catch (ParseException e) {
        throw new IllegalStateException(e);
      }
    }
    respond(stx, copy);
  }

  private void forwardStateless(SIPResponse response) {
    SIPResponse copy = (SIPResponse) response.clone();
    copy.removeFirst(ViaHeader.NAME);
    Via next = copy.getTopmostVia();
    if (next == null) {
      return;
    }
    Transport.named(next.getTransport())
        .ifPresent(
            t -> {
              if (t == Transport.UDP) {
                sender.send(Hop.to(t, viaAddress(next, null)), SipMessages.bytes(copy));
              }
            });
  }

  // ---------------------------------------------------------------------------------- answers

  private void respond(ServerTransaction stx, SIPResponse response) {
    int status = response.getStatusCode();
    if (status >= Response.OK) {
      if (stx.finalSent && status >= Response.MULTIPLE_CHOICES) {
        return; // one final answer per transaction (several 2xx may pass)
      }
      boolean first = !stx.finalSent;
      stx.finalSent = true;
      stx.stopRingTimer();
      if (first) {
        if (status >= Response.MULTIPLE_CHOICES && stx.isInvite()) {
          p.calls().failed(stx.request.getCallId().getCallId());
          stx.branches.forEach(b -> cancelBranch(b, null));
        }
        p.timers()
            .schedule(
                () -> servers.remove(stx.key, stx),
                linger(stx.inbound.transport()),
                TimeUnit.MILLISECONDS);
      }
    }
    stx.lastResponse = response;
    sendBack(stx, response);
  }

  private void reject(ServerTransaction stx, int status, String reason) {
    SIPResponse r = messages.response(stx.request, status, stx.toTag);
    if (reason != null) {
      r.setReasonPhrase(reason);
    }
    respond(stx, r);
  }

  private void challenge(ServerTransaction stx, int status, Authenticator.Challenge c) {
    SIPResponse r = messages.response(stx.request, status, stx.toTag);
    messages.addHeader(
        r, status == Response.UNAUTHORIZED ? "WWW-Authenticate" : "Proxy-Authenticate", c.header());
    respond(stx, r);
  }

  private void options(ServerTransaction stx) {
    SIPResponse r = messages.response(stx.request, Response.OK, stx.toTag);
    messages.addHeader(r, "Allow", ALLOW);
    messages.addHeader(r, "Accept", "application/sdp");
    messages.addHeader(r, "Supported", "path, outbound");
    respond(stx, r);
  }

  private void sendBack(ServerTransaction stx, SIPResponse response) {
    Flow inbound = stx.inbound;
    byte[] bytes = SipMessages.bytes(response);
    if (inbound.transport() == Transport.UDP) {
      sender.send(Hop.to(Transport.UDP, viaAddress(response.getTopmostVia(), inbound)), bytes);
    } else {
      inbound.send(bytes);
    }
  }

  private void sendStateless(SIPRequest request, Flow flow, int status, String reason) {
    SIPResponse r = messages.response(request, status, newToken(6));
    if (reason != null) {
      r.setReasonPhrase(reason);
    }
    if (flow.transport() == Transport.UDP) {
      // Straight back to the source: the Via of a request we refuse may name anything, and
      // resolving a name here would hold up the SIP thread.
      sender.send(Hop.to(Transport.UDP, flow.remote()), SipMessages.bytes(r));
    } else {
      flow.send(SipMessages.bytes(r));
    }
  }

  /** Where a UDP answer goes (RFC 3261 18.2.2 with RFC 3581 rport). */
  private static InetSocketAddress viaAddress(Via via, Flow flow) {
    if (flow != null && via.hasParameter(Via.RPORT)) {
      return flow.remote();
    }
    String host = via.getReceived() != null ? via.getReceived() : via.getHost();
    int port = via.getPort() > 0 ? via.getPort() : 5060;
    return new InetSocketAddress(host, port);
  }

  // ---------------------------------------------------------------------------------- helpers

  /** Drops our own entries from the top of the Route set, noting a flow token they carry. */
  private Popped popOurRoutes(SIPRequest request, Flow inbound) {
    Popped popped = new Popped();
    RouteList list;
    while ((list = request.getRouteHeaders()) != null && !list.isEmpty()) {
      Route top = (Route) list.getFirst();
      if (!routes.isOurs(top.getAddress().getURI())) {
        break;
      }
      popped.any = true;
      String token = OurRoutes.flowToken(top.getAddress().getURI());
      if (token != null && !token.equals(inbound.id())) {
        popped.targetFlow = token;
      }
      request.removeFirst(RouteHeader.NAME);
    }
    return popped;
  }

  private static final class Popped {
    boolean any;
    String targetFlow;
  }

  /** Source address and port go into the top Via (RFC 3261 18.2.1, RFC 3581). */
  private static void stampVia(SIPRequest request, Flow flow) {
    Via via = request.getTopmostVia();
    String source = flow.remote().getAddress().getHostAddress();
    try {
      if (!source.equals(via.getHost())) {
        via.setReceived(source);
      }
      if (via.hasParameter(Via.RPORT) && flow.remote().getPort() > 0) {
        via.setParameter(Via.RPORT, String.valueOf(flow.remote().getPort()));
      }
    } catch (ParseException e) {
      // leave the Via as it came
    }
  }

  /** RFC 3261 16.3 step 4: a request that passed us before, unchanged, carries our hash. */
  private boolean looped(SIPRequest request) {
    String hash = "." + loopHash(request);
    for (Object o : request.getViaHeaders()) {
      String branch = ((Via) o).getBranch();
      if (branch != null && branch.startsWith(BRANCH_PREFIX) && branch.endsWith(hash)) {
        return true;
      }
    }
    return false;
  }

  private static String loopHash(SIPRequest request) {
    StringBuilder s = new StringBuilder();
    s.append(request.getRequestURI())
        .append('|')
        .append(request.getFromTag())
        .append('|')
        .append(request.getToTag())
        .append('|')
        .append(request.getCallId().getCallId())
        .append('|')
        .append(request.getCSeq().getSeqNumber());
    RouteList routes = request.getRouteHeaders();
    if (routes != null) {
      s.append('|').append(routes.encode());
    }
    return org.tfx.sessions.sip.registrar.Digest.md5(s.toString()).substring(0, 12);
  }

  private boolean isForUs(SIPRequest request) {
    SipURI uri = (SipURI) request.getRequestURI();
    return uri.getUser() == null && p.domain().isOurs(uri.getHost());
  }

  private int port(Flow flow) {
    return port(flow.transport());
  }

  private int port(Transport transport) {
    return transport == Transport.WS ? 0 : p.listeners().status().port();
  }

  private static long linger(Transport transport) {
    return transport.connectionOriented() ? LINGER_RELIABLE_MS : LINGER_UNRELIABLE_MS;
  }

  private void forget(ClientTransaction ctx) {
    clients.remove(clientKey(ctx.branch, ctx.request.getMethod()), ctx);
  }

  private static String serverKey(SIPRequest request, String method) {
    Via via = request.getTopmostVia();
    return via.getBranch() + "|" + via.getSentBy() + "|" + method;
  }

  private static String clientKey(String branch, String method) {
    return branch + "|" + method;
  }

  private String newToken(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String address(Flow flow) {
    return flow.remote().getAddress().getHostAddress();
  }

  /** Answers a request that parsed but breaks a rule with 400 and {@code reason}. */
  public void badRequest(SIPRequest request, Flow flow, String reason) {
    if (request.getMethod().equals(Request.ACK) || request.getTopmostVia() == null) {
      return; // nothing answers an ACK; without a Via there is nowhere to answer
    }
    sendStateless(request, flow, Response.BAD_REQUEST, reason);
  }

  /** A flow ended: its registrations go, and branches waiting on it fail now, not in 32 s. */
  public void flowClosed(Flow flow) {
    p.location().dropFlow(flow.id());
    for (ClientTransaction ctx : List.copyOf(clients.values())) {
      if (ctx.hop.flow() == flow && !ctx.isFinal()) {
        branchFailed(ctx, Response.TEMPORARILY_UNAVAILABLE, "Connection closed");
      }
    }
  }

  /** Transactions in memory, for the console and tests. */
  public int transactions() {
    return servers.size() + clients.size();
  }
}
