package org.tfx.sessions.sip.message;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.SIPHeaderList;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import javax.sip.InvalidArgumentException;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/**
 * Decodes and builds SIP messages with JAIN-SIP. One instance is shared; JAIN-SIP's factories are
 * stateless and a parser is made per message (it keeps state while parsing).
 */
public final class SipMessages {
  /** SIP/2.0 branch prefix of RFC 3261 (a "magic cookie"). */
  public static final String MAGIC_COOKIE = "z9hG4bK";

  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final AddressFactory addresses;

  public SipMessages() {
    // One header line per Via, Route and Record-Route value rather than comma-joined lists:
    // JsSIP reads the transaction branch from the last value of a joined Via line, so a CANCEL
    // we forward would match no transaction (481). A JAIN-SIP setting for its own classes, which
    // this WAR alone loads.
    SIPHeaderList.setPrettyEncode(true);
    try {
      SipFactory factory = SipFactory.getInstance();
      factory.setPathName("gov.nist");
      this.messages = factory.createMessageFactory();
      this.headers = factory.createHeaderFactory();
      this.addresses = factory.createAddressFactory();
    } catch (javax.sip.PeerUnavailableException e) {
      throw new IllegalStateException("JAIN-SIP RI is bundled with the WAR", e);
    }
  }

  public HeaderFactory headers() {
    return headers;
  }

  public AddressFactory addresses() {
    return addresses;
  }

  /**
   * Parses one complete message. Requests are checked for the headers every request must carry (RFC
   * 3261 8.1.1) and a CSeq method that matches the request line; a failing request that did parse
   * comes back inside the exception so that it can be answered with 400.
   */
  public SIPMessage parse(byte[] bytes) throws BadMessage {
    SIPMessage message;
    try {
      message = new StringMsgParser().parseSIPMessage(bytes, true, false, null);
    } catch (ParseException | RuntimeException e) {
      throw new BadMessage("unparsable: " + summary(e), null);
    }
    if (message == null) {
      throw new BadMessage("empty", null);
    }
    if (message instanceof SIPRequest request) {
      check(request);
    } else if (message instanceof SIPResponse response) {
      check(response);
    }
    return message;
  }

  /**
   * The length of the body that follows a header block, for stream framing: the block is parsed by
   * JAIN-SIP like any message, and its Content-Length read (absent: -1, which stream transports
   * must refuse).
   */
  public int contentLength(byte[] headerBlock) throws BadMessage {
    SIPMessage message;
    try {
      message = new StringMsgParser().parseSIPMessage(headerBlock, false, false, null);
    } catch (ParseException | RuntimeException e) {
      throw new BadMessage("unparsable header block: " + summary(e), null);
    }
    if (message == null) {
      throw new BadMessage("empty", null);
    }
    // JAIN-SIP gives every parsed message a Content-Length (0 when absent), so whether the
    // header was sent is read from the block itself.
    if (!CONTENT_LENGTH_LINE.matcher(new String(headerBlock, StandardCharsets.ISO_8859_1)).find()) {
      return -1;
    }
    return ((ContentLength) message.getContentLengthHeader()).getContentLength();
  }

  /** A Content-Length header line, long or compact form (RFC 3261 7.3.3). */
  private static final java.util.regex.Pattern CONTENT_LENGTH_LINE =
      java.util.regex.Pattern.compile("(?im)^(content-length|l)[ \\t]*:");

  private static void check(SIPRequest request) throws BadMessage {
    try {
      request.checkHeaders();
    } catch (ParseException | RuntimeException e) {
      throw new BadMessage("missing or bad header: " + summary(e), request);
    }
    CSeq cseq = (CSeq) request.getCSeq();
    if (!cseq.getMethod().equals(request.getMethod())) {
      throw new BadMessage("CSeq method differs from the request line", request);
    }
    if (cseq.getSeqNumber() > 0xFFFFFFFFL) {
      throw new BadMessage("CSeq number out of range", request);
    }
    Via via = request.getTopmostVia();
    if (via.getBranch() == null || via.getBranch().isEmpty()) {
      throw new BadMessage("Via without branch", request);
    }
    if (request.getRequestURI() == null || !request.getRequestURI().isSipURI()) {
      throw new BadMessage("Request-URI is not a sip: URI", request);
    }
  }

  private static void check(SIPResponse response) throws BadMessage {
    if (response.getTopmostVia() == null
        || response.getCSeq() == null
        || response.getCallId() == null
        || response.getFrom() == null
        || response.getTo() == null) {
      throw new BadMessage("response without Via, CSeq, Call-ID, From or To", null);
    }
    int status = response.getStatusCode();
    if (status < 100 || status > 699) {
      throw new BadMessage("status code out of range", null);
    }
  }

  /** A response to {@code request}, To-tag added for final non-100 answers when none is there. */
  public SIPResponse response(SIPRequest request, int status, String toTag) {
    try {
      SIPResponse response = (SIPResponse) messages.createResponse(status, request);
      if (status > 100 && toTag != null && response.getToTag() == null) {
        response.getTo().setTag(toTag);
      }
      return response;
    } catch (ParseException e) {
      throw new IllegalStateException("status " + status, e);
    }
  }

  /**
   * Adds a header given as {@code name: value} text, parsed by JAIN-SIP; a comma-separated list
   * (Allow, Supported…) becomes its values, which JAIN-SIP's single-header factory refuses.
   */
  public void addHeader(SIPMessage message, String name, String value) {
    try {
      message.addHeader(headers.createHeader(name, value));
    } catch (ParseException single) {
      try {
        for (Object h : ((HeaderFactoryImpl) headers).createHeaders(name + ": " + value)) {
          message.addHeader((javax.sip.header.Header) h);
        }
      } catch (ParseException e) {
        throw new IllegalArgumentException(name + ": " + value, e);
      }
    }
  }

  /** A new Via for this server. */
  public Via via(String transport, String host, int port, String branch) {
    try {
      if (port <= 0) { // WebSocket: no port of ours to name
        return (Via)
            headers.createHeader(
                "Via", "SIP/2.0/" + transport + " " + host + ";branch=" + branch + ";rport");
      }
      Via via = (Via) headers.createViaHeader(host, port, transport, branch);
      via.setRPort();
      return via;
    } catch (ParseException | InvalidArgumentException e) {
      throw new IllegalArgumentException(host + ":" + port, e);
    }
  }

  public static byte[] bytes(SIPMessage message) {
    return message.encodeAsBytes(transportOf(message));
  }

  private static String transportOf(SIPMessage message) {
    Via via = message.getTopmostVia();
    return via == null || via.getTransport() == null
        ? "UDP"
        : via.getTransport().toUpperCase(Locale.ROOT);
  }

  /** A short, single-line reason for the log; never the whole input. */
  private static String summary(Exception e) {
    String m = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
    return e.getClass().getSimpleName()
        + (m.length() > 120 ? ": " + m.substring(0, 120) : ": " + m);
  }

  /** Text of a message for logs: its first line only. */
  public static String firstLine(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && end < 160 && bytes[end] != '\r' && bytes[end] != '\n') {
      end++;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8).replaceAll("[^\\x20-\\x7e]", "?");
  }
}
