package org.tfx.sessions.widget;

/** A widget the catalogue offers: its manifest and where its files come from. */
public record Widget(WidgetManifest manifest, WidgetSource source) {
  public String id() {
    return manifest.id();
  }

  public boolean thirdParty() {
    return source.thirdParty();
  }
}
