/**
 * HTTP endpoints that are not signalling: rooms, widgets and health as JSON, and the security
 * headers every response carries.
 */
package org.tfx.sessions.web;
