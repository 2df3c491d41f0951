/**
 * The widget catalogue: manifests read from the widgets the WAR ships, stored as {@link
 * org.tfx.sessions.widget.WidgetDescriptor} rows, listed by {@code GET /api/widgets}.
 */
package org.tfx.sessions.widget;
