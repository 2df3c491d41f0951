package org.tfx.sessions.sip.proxy;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.concurrent.ScheduledFuture;

/**
 * One branch of a forwarded request (RFC 3261 17.1, as far as a proxy needs it): the request as
 * sent, its hop, the retransmissions over UDP and the time-out that turns silence into a 408.
 */
final class ClientTransaction {
  final String branch;
  final SIPRequest request;
  final Hop hop;
  final ServerTransaction parent;
  final String target;
  int status;
  boolean cancelPending;
  boolean cancelSent;
  ScheduledFuture<?> retransmit;
  ScheduledFuture<?> timeout;

  ClientTransaction(
      String branch, SIPRequest request, Hop hop, ServerTransaction parent, String target) {
    this.branch = branch;
    this.request = request;
    this.hop = hop;
    this.parent = parent;
    this.target = target;
  }

  boolean isInvite() {
    return request.getMethod().equals("INVITE");
  }

  boolean hasProvisional() {
    return status >= 100 && status < 200;
  }

  boolean isFinal() {
    return status >= 200;
  }

  void stopTimers() {
    if (retransmit != null) {
      retransmit.cancel(false);
      retransmit = null;
    }
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }

  void record(SIPResponse response) {
    int s = response.getStatusCode();
    if (!isFinal() && s > status) {
      status = s;
    }
  }
}
