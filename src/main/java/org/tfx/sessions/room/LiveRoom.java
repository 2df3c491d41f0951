package org.tfx.sessions.room;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.tfx.sessions.room.RoomCommand.Actor;
import org.tfx.sessions.room.RoomEvent.KnockEnd;
import org.tfx.sessions.room.RoomEvent.KnockerLeft;
import org.tfx.sessions.room.RoomEvent.KnockerQueued;
import org.tfx.sessions.room.RoomEvent.RoomChanged;
import org.tfx.sessions.room.RoomEvent.SeatLost;
import org.tfx.sessions.room.RoomEvent.SeatResumed;
import org.tfx.sessions.room.RoomEvent.SeatTaken;
import org.tfx.sessions.room.RoomEvent.SeatUpdated;
import org.tfx.sessions.room.RoomEvent.SeatVacated;

/**
 * A room with people in it: the one place of its rules (secret, owner, password, lock, knocking,
 * capacity, resume, take-over, kick, grace). {@link #execute} decides a command under the room's
 * lock, lets the record keep the resulting events, applies them and publishes them; the sender
 * learns the {@link Outcome}. Relaying reads the seats without the lock, so it never waits for a
 * join or a database write.
 */
public final class LiveRoom {
  private final RoomId id;
  private final String name;
  private final String secretHash;
  private final String ownerTokenHash;
  private final RoomRules rules;

  private volatile String passwordHash;
  private volatile boolean locked;
  private volatile int capacity;

  /** Replaced whole on every change, so readers without the lock see consistent seats. */
  private final Map<PeerId, SeatState> seats = new ConcurrentHashMap<>();

  /** In knocking order; only under the lock. */
  private final Map<PeerId, Knocker> knockers = new LinkedHashMap<>();

  /** How many decisions the record holds for this room; each one that changed it counts one. */
  private long version;

  /** Set under the lock when the room leaves memory; a late command must load it again. */
  private boolean retired;

  private final Decider decider = new Decider();
  private final Applier applier = new Applier();

  public LiveRoom(StoredRoom stored, RoomRules rules) {
    this(Snapshot.of(stored, 0), rules);
  }

  public LiveRoom(Snapshot snapshot, RoomRules rules) {
    StoredRoom stored = snapshot.room();
    this.id = stored.id();
    this.name = stored.name();
    this.secretHash = stored.secretHash();
    this.ownerTokenHash = stored.ownerTokenHash();
    this.rules = rules;
    take(snapshot);
  }

  /** Settings, seats and knockers as in {@code snapshot}; the lock is held or not yet needed. */
  private void take(Snapshot snapshot) {
    StoredRoom stored = snapshot.room();
    this.passwordHash = stored.passwordHash();
    this.locked = stored.locked();
    this.capacity = stored.capacity();
    this.version = snapshot.version();
    seats.clear();
    knockers.clear();
    snapshot.seats().forEach(s -> seats.put(s.peer(), s));
    snapshot.knockers().forEach(k -> knockers.put(k.peer(), k));
  }

  public RoomId id() {
    return id;
  }

  public RoomFacts facts() {
    return new RoomFacts(id, name, locked, capacity, seats.size(), passwordHash != null);
  }

  public Optional<SeatState> seat(PeerId peer) {
    return Optional.ofNullable(seats.get(peer));
  }

  /** Every seat, connected or lost. */
  public List<SeatState> seats() {
    return new ArrayList<>(seats.values());
  }

  /** Seats with a socket, except {@code except}'s (null: all). */
  public List<SeatState> connectedExcept(PeerId except) {
    List<SeatState> out = new ArrayList<>(seats.size());
    for (SeatState s : seats.values()) {
      if (s.connected() && !s.peer().equals(except)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Who is knocking, in order. */
  public synchronized List<Knocker> knockers() {
    return new ArrayList<>(knockers.values());
  }

  /** The room's state as a snapshot (what a record holds of it). */
  public synchronized Snapshot snapshot() {
    return new Snapshot(
        new StoredRoom(id, name, secretHash, ownerTokenHash, passwordHash, locked, capacity),
        version,
        List.copyOf(seats.values()),
        List.copyOf(knockers.values()));
  }

  /** The version of the record this room's state matches. */
  public synchronized long version() {
    return version;
  }

  /** Whether anyone is here: a seat (connected or lost) or a knocker. */
  public synchronized boolean isEmpty() {
    return seats.isEmpty() && knockers.isEmpty();
  }

  /** Whether a seat or a knocker is attached to a socket of {@code node}. */
  public synchronized boolean reaches(String node) {
    for (SeatState s : seats.values()) {
      if (s.link() != null && s.link().node().equals(node)) {
        return true;
      }
    }
    for (Knocker k : knockers.values()) {
      if (k.link().node().equals(node)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code actor}'s seat is here and attached to the socket it sends from. */
  public boolean seats(Actor actor) {
    SeatState seat = seats.get(actor.peer());
    return seat != null && actor.link().equals(seat.link());
  }

  /** Whether {@code actor} holds an owner's seat here, attached to the socket it sends from. */
  public boolean isOwner(Actor actor) {
    SeatState seat = seats.get(actor.peer());
    return seat != null && seat.owner() && actor.link().equals(seat.link());
  }

  /** Where a message from {@code from} to {@code to} goes; no lock, no database. */
  public Route route(Actor from, PeerId to) {
    if (!seats(from)) {
      return Route.NOT_JOINED;
    }
    SeatState target = seats.get(to);
    if (target == null || target.peer().equals(from.peer())) {
      return Route.PEER_NOT_FOUND;
    }
    LinkId link = target.link();
    return link == null ? Route.PEER_UNAVAILABLE : new Route.To(link);
  }

  /**
   * Decides {@code command}; when it changes the room, the effects keep the events (if that fails,
   * nothing changed: a {@link StaleRoomException} asks for a reload), they are applied and the
   * version moves on, then they are published, all under the room's lock so that every node sees
   * one order.
   */
  public Outcome execute(RoomCommand command, RoomEffects effects) {
    prepare(command);
    synchronized (this) {
      if (retired) {
        return Outcome.RETIRED;
      }
      Decision decision = command.accept(decider);
      List<RoomEvent> events = decision.events();
      if (!events.isEmpty()) {
        effects.keep(this, events);
        events.forEach(e -> e.accept(applier));
        version++;
        effects.publish(this, events);
      }
      return decision.outcome();
    }
  }

  /**
   * Applies what another node decided at {@code atVersion}. Returns whether it fitted: true when
   * applied or already known, false when versions are missing in between (load the room again).
   */
  public synchronized boolean applyDecided(long atVersion, List<RoomEvent> events) {
    if (atVersion <= version) {
      return true;
    }
    if (atVersion != version + 1) {
      return false;
    }
    events.forEach(e -> e.accept(applier));
    version = atVersion;
    return true;
  }

  /**
   * Replaces the state with a newer {@code snapshot} and returns, as events, what changed for
   * whoever saw the old state (the sockets of this node): seats that came, went, moved or changed,
   * knocks that began or ended, settings. A snapshot not newer than the state changes nothing.
   * {@code node} is the node asking: a seat that vanished from one of its sockets was removed.
   */
  public synchronized List<RoomEvent> catchUp(Snapshot snapshot, String node) {
    if (snapshot.version() <= version) {
      return List.of();
    }
    List<RoomEvent> changes = new Resync(snapshot, node).changes();
    take(snapshot);
    return changes;
  }

  /** Takes the room out of memory when {@code idle} says so; a late command must reload it. */
  public synchronized boolean retireIf(java.util.function.Predicate<LiveRoom> idle) {
    if (!retired && idle.test(this)) {
      retired = true;
    }
    return retired;
  }

  /** Whether the room has left memory. */
  public synchronized boolean retired() {
    return retired;
  }

  /** Puts seats read back from the record (lost ones after a restart) in place, without events. */
  public synchronized void restore(List<SeatState> stored) {
    for (SeatState s : stored) {
      seats.put(s.peer(), s);
    }
  }

  /** Work that is slow and needs no lock: checking a typed password against today's hash. */
  private void prepare(RoomCommand command) {
    if (command instanceof RoomCommand.Join join
        && join.password().given()
        && passwordHash != null) {
      join.password().matches(passwordHash);
    }
  }

  /** A decision: what the sender learns and what happened. */
  private record Decision(Outcome outcome, List<RoomEvent> events) {
    static Decision of(RoomEvent... events) {
      return new Decision(Outcome.ACCEPTED, List.of(events));
    }

    static Decision refuse(Refusal reason, String message) {
      return new Decision(Outcome.refused(reason, message), List.of());
    }

    static final Decision NOTHING = new Decision(Outcome.ACCEPTED, List.of());
  }

  /** The rules. Reads the state only; the lock is held. */
  private final class Decider implements RoomCommand.Visitor<Decision> {
    @Override
    public Decision visit(RoomCommand.Join c) {
      if (!Secrets.matches(c.secret(), secretHash)) {
        return Decision.refuse(Refusal.WRONG_SECRET, "the room secret does not match");
      }
      boolean owner = Secrets.matches(c.ownerToken(), ownerTokenHash);
      boolean resuming = c.resumeToken() != null;
      if (resuming) {
        Optional<SeatState> seat = seatForToken(c.resumeToken());
        if (seat.isPresent()) {
          SeatState s = seat.get();
          return Decision.of(new SeatResumed(s.peer(), c.link(), s.link(), c.tokenHash()));
        }
      }
      if (!owner && passwordHash != null && !c.password().matches(passwordHash)) {
        return c.password().given()
            ? Decision.refuse(Refusal.WRONG_PASSWORD, "the password does not match")
            : Decision.refuse(Refusal.PASSWORD_REQUIRED, "this room needs a password");
      }
      if (locked && !owner) {
        return new Decision(Outcome.LOBBY, List.of());
      }
      return seatNew(SeatState.taken(c.newPeer(), c.name(), owner, c.link(), c.tokenHash()));
    }

    @Override
    public Decision visit(RoomCommand.Knock c) {
      if (!locked) {
        return seatNew(SeatState.taken(c.newPeer(), c.name(), false, c.link(), c.tokenHash()));
      }
      return Decision.of(
          new KnockerQueued(new Knocker(c.newPeer(), c.name(), c.link(), c.tokenHash())));
    }

    @Override
    public Decision visit(RoomCommand.Admit c) {
      Decision refused = requireOwner(c.by());
      if (refused != null) {
        return refused;
      }
      Knocker k = knockers.get(c.knocker());
      if (k == null) {
        return notKnocking();
      }
      if (full()) {
        return Decision.of(new KnockerLeft(k, KnockEnd.ROOM_FULL));
      }
      return Decision.of(
          new KnockerLeft(k, KnockEnd.ADMITTED),
          new SeatTaken(SeatState.taken(k.peer(), k.name(), false, k.link(), k.tokenHash())));
    }

    @Override
    public Decision visit(RoomCommand.Deny c) {
      Decision refused = requireOwner(c.by());
      if (refused != null) {
        return refused;
      }
      Knocker k = knockers.get(c.knocker());
      return k == null ? notKnocking() : Decision.of(new KnockerLeft(k, KnockEnd.DENIED));
    }

    @Override
    public Decision visit(RoomCommand.Lock c) {
      Decision refused = requireOwner(c.by());
      return refused != null
          ? refused
          : Decision.of(new RoomChanged(c.locked(), capacity, passwordHash));
    }

    @Override
    public Decision visit(RoomCommand.Configure c) {
      Decision refused = requireOwner(c.by());
      if (refused != null) {
        return refused;
      }
      Integer newCapacity = c.capacity();
      if (newCapacity != null && !rules.capacities().allows(newCapacity)) {
        return Decision.refuse(
            Refusal.INVALID,
            "configure: 'capacity' must be from "
                + CapacityRule.MIN
                + " to "
                + rules.capacities().max());
      }
      return Decision.of(
          new RoomChanged(
              locked,
              newCapacity == null ? capacity : newCapacity,
              c.password() == null ? passwordHash : c.password().hash()));
    }

    @Override
    public Decision visit(RoomCommand.Kick c) {
      Decision refused = requireOwner(c.by());
      if (refused != null) {
        return refused;
      }
      SeatState target = seats.get(c.target());
      if (target == null || target.peer().equals(c.by().peer())) {
        return peerNotFound();
      }
      return Decision.of(new SeatVacated(target.peer(), LeaveReason.KICKED, target.link()));
    }

    @Override
    public Decision visit(RoomCommand.Update c) {
      if (!seats(c.by())) {
        return notJoined();
      }
      return Decision.of(new SeatUpdated(c.by().peer(), c.name(), c.muted(), c.video()));
    }

    @Override
    public Decision visit(RoomCommand.Leave c) {
      // A socket that lost its seat to a newer one leaves nothing behind.
      return seats(c.by())
          ? Decision.of(new SeatVacated(c.by().peer(), LeaveReason.LEFT, c.by().link()))
          : Decision.NOTHING;
    }

    @Override
    public Decision visit(RoomCommand.Drop c) {
      for (Knocker k : knockers.values()) {
        if (k.link().equals(c.link())) {
          return Decision.of(new KnockerLeft(k, KnockEnd.GONE));
        }
      }
      for (SeatState s : seats.values()) {
        if (c.link().equals(s.link())) {
          return Decision.of(new SeatLost(s.peer(), s.link(), c.now()));
        }
      }
      return Decision.NOTHING;
    }

    @Override
    public Decision visit(RoomCommand.Expire c) {
      SeatState seat = seats.get(c.peer());
      boolean over =
          seat != null && !seat.connected() && !c.now().isBefore(seat.lostAt().plus(rules.grace()));
      return over
          ? Decision.of(new SeatVacated(seat.peer(), LeaveReason.TIMEOUT, null))
          : Decision.NOTHING;
    }

    @Override
    public Decision visit(RoomCommand.NodeGone c) {
      List<RoomEvent> events = new ArrayList<>();
      for (Knocker k : knockers.values()) {
        if (k.link().node().equals(c.node())) {
          events.add(new KnockerLeft(k, KnockEnd.GONE));
        }
      }
      for (SeatState s : seats.values()) {
        if (s.link() != null && s.link().node().equals(c.node())) {
          events.add(new SeatLost(s.peer(), s.link(), c.now()));
        }
      }
      return new Decision(Outcome.ACCEPTED, events);
    }

    private Decision seatNew(SeatState seat) {
      return full()
          ? Decision.refuse(Refusal.ROOM_FULL, "the room is full (" + capacity + ")")
          : Decision.of(new SeatTaken(seat));
    }

    private boolean full() {
      return seats.size() >= capacity;
    }

    /** Null when {@code actor} holds an owner's seat; otherwise the refusal. */
    private Decision requireOwner(Actor actor) {
      if (!seats(actor)) {
        return notJoined();
      }
      return isOwner(actor)
          ? null
          : Decision.refuse(Refusal.NOT_OWNER, "only an owner may do this");
    }

    private Optional<SeatState> seatForToken(String token) {
      String hash = Secrets.hash(token);
      for (SeatState s : seats.values()) {
        if (Secrets.sameHash(hash, s.tokenHash())) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  private static Decision notJoined() {
    return Decision.refuse(Refusal.NOT_JOINED, "join the room with hello first");
  }

  private static Decision notKnocking() {
    return Decision.refuse(Refusal.NOT_KNOCKING, "nobody with that id is knocking");
  }

  private static Decision peerNotFound() {
    return Decision.refuse(Refusal.PEER_NOT_FOUND, "nobody with that id is in the room");
  }

  /** The difference between the state and a newer snapshot, as events; the lock is held. */
  private final class Resync {
    private final Snapshot next;
    private final String node;
    private final java.util.Map<PeerId, SeatState> after = new java.util.HashMap<>();
    private final List<RoomEvent> changes = new ArrayList<>();

    Resync(Snapshot next, String node) {
      this.next = next;
      this.node = node;
      next.seats().forEach(s -> after.put(s.peer(), s));
    }

    List<RoomEvent> changes() {
      StoredRoom r = next.room();
      if (r.locked() != locked
          || r.capacity() != capacity
          || !java.util.Objects.equals(r.passwordHash(), passwordHash)) {
        changes.add(new RoomChanged(r.locked(), r.capacity(), r.passwordHash()));
      }
      java.util.Set<PeerId> knocking = new java.util.HashSet<>();
      for (Knocker k : next.knockers()) {
        knocking.add(k.peer());
        if (!knockers.containsKey(k.peer())) {
          changes.add(new KnockerQueued(k));
        }
      }
      for (Knocker k : knockers.values()) {
        if (!knocking.contains(k.peer())) {
          // Seated now: admitted. Otherwise turned away or gone; the knocker's own node tells it.
          changes.add(
              new KnockerLeft(
                  k, after.containsKey(k.peer()) ? KnockEnd.ADMITTED : KnockEnd.DENIED));
        }
      }
      for (SeatState before : seats.values()) {
        if (!after.containsKey(before.peer())) {
          // Gone while we were not listening: a lost seat timed out; a connected one left, or was
          // removed if its socket is here (this node would have seen it leave).
          LeaveReason reason =
              !before.connected()
                  ? LeaveReason.TIMEOUT
                  : before.link().node().equals(node) ? LeaveReason.KICKED : LeaveReason.LEFT;
          changes.add(new SeatVacated(before.peer(), reason, before.link()));
        }
      }
      for (SeatState now : next.seats()) {
        SeatState before = seats.get(now.peer());
        if (before == null) {
          changes.add(new SeatTaken(now));
          continue;
        }
        if (!java.util.Objects.equals(before.link(), now.link())) {
          changes.add(
              now.link() == null
                  ? new SeatLost(now.peer(), before.link(), now.lostAt())
                  : new SeatResumed(now.peer(), now.link(), before.link(), now.tokenHash()));
        }
        if (!before.name().equals(now.name())
            || before.muted() != now.muted()
            || before.video() != now.video()) {
          changes.add(new SeatUpdated(now.peer(), now.name(), now.muted(), now.video()));
        }
      }
      return changes;
    }
  }

  /** How each event changes the state; the lock is held. */
  private final class Applier implements RoomEvent.Visitor<Void> {
    @Override
    public Void visit(SeatTaken e) {
      seats.put(e.seat().peer(), e.seat());
      return null;
    }

    @Override
    public Void visit(SeatResumed e) {
      seats.computeIfPresent(
          e.peer(),
          (p, s) ->
              new SeatState(
                  p, s.name(), s.owner(), s.muted(), s.video(), e.link(), e.tokenHash(), null));
      return null;
    }

    @Override
    public Void visit(SeatLost e) {
      seats.computeIfPresent(
          e.peer(),
          (p, s) ->
              new SeatState(
                  p, s.name(), s.owner(), s.muted(), s.video(), null, s.tokenHash(), e.at()));
      return null;
    }

    @Override
    public Void visit(SeatUpdated e) {
      seats.computeIfPresent(
          e.peer(),
          (p, s) ->
              new SeatState(
                  p,
                  e.name() == null ? s.name() : e.name(),
                  s.owner(),
                  e.muted() == null ? s.muted() : e.muted(),
                  e.video() == null ? s.video() : e.video(),
                  s.link(),
                  s.tokenHash(),
                  s.lostAt()));
      return null;
    }

    @Override
    public Void visit(SeatVacated e) {
      seats.remove(e.peer());
      return null;
    }

    @Override
    public Void visit(RoomChanged e) {
      locked = e.locked();
      capacity = e.capacity();
      passwordHash = e.passwordHash();
      return null;
    }

    @Override
    public Void visit(KnockerQueued e) {
      knockers.put(e.knocker().peer(), e.knocker());
      return null;
    }

    @Override
    public Void visit(KnockerLeft e) {
      knockers.remove(e.knocker().peer());
      return null;
    }
  }
}
