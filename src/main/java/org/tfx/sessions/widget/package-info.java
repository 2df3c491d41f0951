/**
 * Widgets on the server side. The catalogue ({@link org.tfx.sessions.widget.WidgetCatalog}) holds
 * the widgets the WAR ships ({@link org.tfx.sessions.widget.BuiltInWidgets}) and the third-party
 * ones named in {@code tfx.widgets.thirdParty} — folders on this machine or sites of their own
 * ({@link org.tfx.sessions.widget.ThirdPartyWidgets}) — as {@link
 * org.tfx.sessions.widget.WidgetDescriptor} rows, built from strictly read manifests ({@link
 * org.tfx.sessions.widget.ManifestReader}). Its HTTP side: the list ({@code GET /api/widgets}), the
 * files of built-in and folder widgets ({@code /widgets/{id}/…}, never anything outside their
 * folder), and the sandbox page a third-party widget runs in ({@code /widget-frame/{id}}).
 */
package org.tfx.sessions.widget;
