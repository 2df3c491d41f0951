package org.tfx.sessions.widget;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.tfx.sessions.persistence.Database;

/**
 * The widget catalogue: at start, reads every {@code widgets/<id>/widget.json} that the WAR ships
 * into the {@code widget_descriptor} table (new versions replace old ones), and lists the enabled
 * ones.
 */
public final class WidgetCatalog {
  private static final System.Logger LOG = System.getLogger(WidgetCatalog.class.getName());

  private final Database db;
  private final Jsonb jsonb;
  private final Clock clock;

  public WidgetCatalog(Database db, Jsonb jsonb, Clock clock) {
    this.db = db;
    this.jsonb = jsonb;
    this.clock = clock;
  }

  /**
   * Loads manifests from {@code folders} (folder name → widget.json stream or null) into the table.
   *
   * @return how many were loaded
   */
  public int load(
      Set<String> folders, Function<String, InputStream> manifestOf, List<String> disabled) {
    Instant now = clock.instant();
    int loaded = 0;
    for (String folder : folders) {
      try (InputStream in = manifestOf.apply(folder)) {
        if (in == null) {
          continue;
        }
        WidgetManifest manifest = jsonb.fromJson(in, WidgetManifest.class).validated(folder);
        boolean enabled = !disabled.contains(manifest.id());
        db.inTransaction(
            em -> {
              WidgetDescriptor existing = em.find(WidgetDescriptor.class, manifest.id());
              if (existing == null) {
                em.persist(new WidgetDescriptor(manifest, false, enabled, now));
              } else {
                existing.refresh(manifest, false, enabled, now);
              }
              return null;
            });
        loaded++;
      } catch (IOException | JsonbException | IllegalArgumentException e) {
        LOG.log(Level.WARNING, "widget folder ''{0}'' skipped: {1}", folder, e.getMessage());
      }
    }
    List<String> shipped = List.copyOf(folders);
    db.inTransaction(
        em ->
            em.createQuery(
                    "delete from WidgetDescriptor w where w.thirdParty = false and w.id not in :ids")
                .setParameter("ids", shipped.isEmpty() ? List.of("") : shipped)
                .executeUpdate());
    return loaded;
  }

  public List<WidgetManifest> enabled() {
    List<WidgetManifest> out = new ArrayList<>();
    db.inTransaction(
        em -> {
          em.createQuery(
                  "select w from WidgetDescriptor w where w.enabled = true", WidgetDescriptor.class)
              .getResultList()
              .forEach(w -> out.add(w.manifest()));
          return null;
        });
    out.sort(Comparator.comparing(WidgetManifest::id));
    return out;
  }
}
