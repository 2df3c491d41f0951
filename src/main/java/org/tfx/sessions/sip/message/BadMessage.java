package org.tfx.sessions.sip.message;

/** Bytes that are not a SIP message we can work with; {@code request} is set when one parsed. */
public final class BadMessage extends Exception {
  private final transient gov.nist.javax.sip.message.SIPRequest request;

  public BadMessage(String reason, gov.nist.javax.sip.message.SIPRequest request) {
    super(reason, null, false, false);
    this.request = request;
  }

  /** The request that parsed but breaks a rule (answer it with 400), or null for garbage. */
  public gov.nist.javax.sip.message.SIPRequest request() {
    return request;
  }
}
