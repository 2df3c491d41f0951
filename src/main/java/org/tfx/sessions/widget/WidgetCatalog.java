package org.tfx.sessions.widget;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tfx.sessions.persistence.Database;

/**
 * The widget catalogue. At start, {@link #load} writes the widgets found (the WAR's own and the
 * configured third-party ones) into the {@code widget_descriptor} table — new versions replace old
 * ones, rows of widgets that are gone are deleted — and then reads the enabled rows back once: that
 * snapshot answers {@code GET /api/widgets} and tells the file and frame servlets what exists.
 */
public final class WidgetCatalog {
  private static final int WRITE_ATTEMPTS = 3;

  private static final System.Logger LOG = System.getLogger(WidgetCatalog.class.getName());

  private final Database db;
  private final Clock clock;
  private volatile Map<String, Widget> enabled = Map.of();

  public WidgetCatalog(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Stores {@code builtIn} and {@code thirdParty} widgets; a third-party widget whose id a built-in
   * widget (or an earlier third-party one) has is skipped with a warning.
   *
   * @return how many widgets the catalogue holds, enabled or not
   */
  public synchronized int load(
      List<Widget> builtIn, List<Widget> thirdParty, List<String> disabled) {
    Map<String, Widget> all = new LinkedHashMap<>();
    builtIn.forEach(w -> all.putIfAbsent(w.id(), w));
    for (Widget w : thirdParty) {
      Widget taken = all.putIfAbsent(w.id(), w);
      if (taken != null) {
        LOG.log(
            Level.WARNING,
            "third-party widget ''{0}'' from {1} skipped: the id is taken by {2}",
            w.id(),
            w.source().stored(),
            taken.thirdParty() ? taken.source().stored() : "a built-in widget");
      }
    }
    Instant now = clock.instant();
    List<String> ids = List.copyOf(all.keySet());
    // Several nodes may start at once on one database: the first insert wins, the others find
    // the rows on their next attempt and only refresh them.
    for (int attempt = 1; ; attempt++) {
      try {
        write(all, disabled, ids, now);
        break;
      } catch (RuntimeException e) {
        if (attempt == WRITE_ATTEMPTS) {
          throw e;
        }
        LOG.log(Level.INFO, "widget catalogue written by another node meanwhile; again", e);
      }
    }
    List<Widget> rows = new ArrayList<>();
    db.inTransaction(
        em -> {
          em.createQuery(
                  "select w from WidgetDescriptor w where w.enabled = true", WidgetDescriptor.class)
              .getResultList()
              .forEach(d -> rows.add(d.widget()));
          return null;
        });
    rows.sort(Comparator.comparing(Widget::id));
    Map<String, Widget> snapshot = new LinkedHashMap<>();
    rows.forEach(w -> snapshot.put(w.id(), w));
    enabled = java.util.Collections.unmodifiableMap(snapshot);
    return all.size();
  }

  private void write(
      Map<String, Widget> all, List<String> disabled, List<String> ids, Instant now) {
    db.inTransaction(
        em -> {
          for (Widget w : all.values()) {
            boolean on = !disabled.contains(w.id());
            WidgetDescriptor existing = em.find(WidgetDescriptor.class, w.id());
            if (existing == null) {
              em.persist(new WidgetDescriptor(w, on, now));
            } else {
              existing.refresh(w, on, now);
            }
          }
          em.createQuery("delete from WidgetDescriptor w where w.id not in :ids")
              .setParameter("ids", ids.isEmpty() ? List.of("") : ids)
              .executeUpdate();
          return null;
        });
  }

  /** The enabled widgets, by id. */
  public List<Widget> enabled() {
    return List.copyOf(enabled.values());
  }

  /** An enabled widget. */
  public Optional<Widget> find(String id) {
    return Optional.ofNullable(id == null ? null : enabled.get(id));
  }
}
