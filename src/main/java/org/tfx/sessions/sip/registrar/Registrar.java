package org.tfx.sessions.sip.registrar;

import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sip.address.SipURI;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Response;
import org.tfx.sessions.sip.message.SipMessages;
import org.tfx.sessions.sip.transport.Flow;

/**
 * REGISTER (RFC 3261 10.3) for an authenticated user: adds, refreshes and removes the user's
 * bindings and answers with all of them, so the client finds its own Contact in the 200 (JsSIP
 * insists). Devices that register over a connection are bound to it (RFC 5626).
 */
public final class Registrar {
  /** An RFC 5626 instance id as JsSIP and desk phones send it: {@code <urn:…>}. */
  private static final Pattern INSTANCE = Pattern.compile("<[A-Za-z0-9:.\\-_+%]{1,200}>");

  private static final int MAX_BINDINGS_PER_USER = 10;
  private static final int DEFAULT_EXPIRES = 3600;

  private final SipMessages messages;
  private final Location location;
  private final Domain domain;
  private final int minExpires;
  private final int maxExpires;
  private final Clock clock;

  public Registrar(
      SipMessages messages,
      Location location,
      Domain domain,
      int minExpires,
      int maxExpires,
      Clock clock) {
    this.messages = messages;
    this.location = location;
    this.domain = domain;
    this.minExpires = minExpires;
    this.maxExpires = maxExpires;
    this.clock = clock;
  }

  /** Handles a REGISTER whose credentials were found good for {@code user}. */
  public SIPResponse register(SIPRequest request, Flow flow, String user, String toTag) {
    if (!(request.getTo().getAddress().getURI() instanceof SipURI to)
        || !domain.isOurs(to.getHost())) {
      return messages.response(request, Response.NOT_FOUND, toTag);
    }
    if (!user.equals(to.getUser())) {
      SIPResponse r = messages.response(request, Response.FORBIDDEN, toTag);
      r.setReasonPhrase("Credentials are not those of the registered user");
      return r;
    }
    ContactList contacts = request.getContactHeaders();
    Instant now = clock.instant();
    if (contacts != null && !contacts.isEmpty()) {
      SIPResponse refused = apply(request, flow, user, contacts, now, toTag);
      if (refused != null) {
        return refused;
      }
    }
    return ok(request, user, now, toTag);
  }

  /** Applies the Contact list; a response when the request must be refused as a whole. */
  private SIPResponse apply(
      SIPRequest request, Flow flow, String user, ContactList contacts, Instant now, String toTag) {
    ExpiresHeader expiresHeader = request.getExpires();
    int defaultExpires = expiresHeader == null ? DEFAULT_EXPIRES : expiresHeader.getExpires();
    if (((Contact) contacts.getFirst()).isWildCard()) {
      if (contacts.size() != 1 || expiresHeader == null || expiresHeader.getExpires() != 0) {
        return messages.response(request, Response.BAD_REQUEST, toTag);
      }
      location.removeAll(user);
      return null;
    }
    List<Binding> adds = new ArrayList<>();
    List<String> removes = new ArrayList<>();
    for (Object o : contacts) {
      Contact c = (Contact) o;
      if (c.isWildCard() || !(c.getAddress().getURI() instanceof SipURI uri)) {
        return messages.response(request, Response.BAD_REQUEST, toTag);
      }
      int expires = c.getContactParms().getValue("expires") != null ? c.getExpires() : -1;
      if (expires < 0) {
        expires = defaultExpires;
      }
      Binding b = binding(request, flow, user, c, uri, Math.min(expires, maxExpires), now);
      if (expires == 0) {
        removes.add(b.key());
      } else if (expires < minExpires) {
        SIPResponse r = messages.response(request, Response.INTERVAL_TOO_BRIEF, toTag);
        messages.addHeader(r, "Min-Expires", String.valueOf(minExpires));
        return r;
      } else {
        adds.add(b);
      }
    }
    removes.forEach(k -> location.remove(user, k));
    int room = MAX_BINDINGS_PER_USER - location.of(user).size();
    for (Binding b : adds) {
      boolean refresh = location.of(user).stream().anyMatch(e -> e.key().equals(b.key()));
      if (!refresh && room-- <= 0) {
        SIPResponse r = messages.response(request, Response.FORBIDDEN, toTag);
        r.setReasonPhrase("Too many devices registered");
        return r;
      }
      location.put(b);
    }
    return null;
  }

  private static Binding binding(
      SIPRequest request,
      Flow flow,
      String user,
      Contact contact,
      SipURI uri,
      int expires,
      Instant now) {
    String instance = contact.getParameter("+sip.instance");
    if (instance != null && !INSTANCE.matcher(instance).matches()) {
      instance = null;
    }
    Integer regId = null;
    String regIdText = contact.getParameter("reg-id");
    if (instance != null && regIdText != null && regIdText.matches("\\d{1,9}")) {
      regId = Integer.valueOf(regIdText);
    }
    UserAgentHeader ua = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
    String agent = ua == null ? "" : String.join(" ", toStrings(ua.getProduct()));
    return new Binding(
        user,
        uri.toString(),
        Binding.contactKey(uri),
        instance,
        regId,
        flow.transport().connectionOriented() ? flow.id() : null,
        flow.transport(),
        flow.remote(),
        agent.length() > 100 ? agent.substring(0, 100) : agent,
        request.getCallId().getCallId(),
        request.getCSeq().getSeqNumber(),
        now,
        now.plusSeconds(expires));
  }

  private static List<String> toStrings(java.util.ListIterator<?> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(o -> out.add(String.valueOf(o).strip()));
    return out;
  }

  private static boolean supportsOutbound(SIPRequest request) {
    java.util.ListIterator<?> supported = request.getHeaders("Supported");
    while (supported.hasNext()) {
      if (String.valueOf(supported.next())
          .toLowerCase(java.util.Locale.ROOT)
          .contains("outbound")) {
        return true;
      }
    }
    return false;
  }

  private SIPResponse ok(SIPRequest request, String user, Instant now, String toTag) {
    SIPResponse r = messages.response(request, Response.OK, toTag);
    boolean outbound = false;
    for (Binding b : location.of(user)) {
      StringBuilder value = new StringBuilder("<").append(b.contactUri()).append('>');
      if (b.instance() != null) {
        value.append(";+sip.instance=\"").append(b.instance()).append('"');
        if (b.regId() != null) {
          value.append(";reg-id=").append(b.regId());
          outbound = true;
        }
      }
      value.append(";expires=").append(b.secondsLeft(now));
      messages.addHeader(r, "Contact", value.toString());
    }
    if (outbound && supportsOutbound(request)) {
      messages.addHeader(r, "Require", "outbound");
    }
    messages.addHeader(
        r,
        "Date",
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            now.atZone(java.time.ZoneOffset.UTC)));
    return r;
  }
}
