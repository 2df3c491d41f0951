/**
 * The composition root: {@link org.tfx.sessions.app.Bootstrap} builds the {@link
 * org.tfx.sessions.app.Application} once per web app with plain constructor injection and registers
 * endpoints, servlets and filters. No CDI, so the WAR behaves the same on Tomcat and Payara.
 */
package org.tfx.sessions.app;
