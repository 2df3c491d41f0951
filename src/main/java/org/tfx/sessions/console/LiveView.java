package org.tfx.sessions.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.tfx.sessions.sip.SipServer;
import org.tfx.sessions.sip.proxy.Calls;
import org.tfx.sessions.sip.registrar.Binding;

/** What {@code /console/live} returns: the parts of the dashboard that change by themselves. */
final class LiveView {
  /** The whole live state; ages are in seconds, so the page needs no clock of its own. */
  public record Live(
      Listener listener,
      List<Registration> registrations,
      List<Call> calls,
      List<Room> rooms,
      SipServer.Counters counters,
      long graceSeconds) {}

  public record Listener(int port, boolean running, String error) {}

  public record Registration(
      String user, String device, String contact, String transport, String from, long expiresIn) {}

  public record Call(String from, String to, String state, String transports, long seconds) {}

  public record Room(String id, String name, List<Seat> seats) {}

  public record Seat(
      String name, String state, boolean owner, long joinedSecondsAgo, Long graceLeft) {}

  private final SipServer sip;
  private final MeetingRecord meetings;
  private final Clock clock;

  LiveView(SipServer sip, MeetingRecord meetings, Clock clock) {
    this.sip = sip;
    this.meetings = meetings;
    this.clock = clock;
  }

  Live now() {
    Instant now = clock.instant();
    var status = sip.listeners().status();
    return new Live(
        new Listener(status.port(), status.running(), status.error()),
        sip.registrations().stream().map(b -> registration(b, now)).toList(),
        sip.calls().stream().map(c -> call(c, now)).toList(),
        meetings.liveRooms(now).stream()
            .map(
                r ->
                    new Room(
                        r.id(),
                        r.name(),
                        r.seats().stream()
                            .map(
                                s ->
                                    new Seat(
                                        s.name(),
                                        s.state(),
                                        s.owner(),
                                        seconds(s.joinedAt(), now),
                                        s.graceLeftSeconds()))
                            .toList()))
            .toList(),
        sip.counters(),
        meetings.grace().toSeconds());
  }

  private static Registration registration(Binding b, Instant now) {
    return new Registration(
        b.user(),
        b.userAgent().isEmpty() ? (b.instance() == null ? "" : b.instance()) : b.userAgent(),
        b.contactUri(),
        b.transport().name(),
        b.source().getAddress().getHostAddress()
            + (b.source().getPort() > 0 ? ":" + b.source().getPort() : ""),
        b.secondsLeft(now));
  }

  private static Call call(Calls.Call c, Instant now) {
    return new Call(
        c.from(),
        c.to(),
        c.state() == Calls.State.ANSWERED ? "in call" : "ringing",
        c.fromTransport() + (c.toTransport().isEmpty() ? "" : " → " + c.toTransport()),
        seconds(c.answeredAt() != null ? c.answeredAt() : c.startedAt(), now));
  }

  private static long seconds(Instant since, Instant now) {
    return since == null ? 0 : Math.max(0, Duration.between(since, now).toSeconds());
  }
}
