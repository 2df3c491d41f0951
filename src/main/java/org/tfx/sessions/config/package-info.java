/**
 * Every setting in one immutable record, read from system properties ({@code tfx.*}) or environment
 * variables ({@code TFX_*}); the table of keys, defaults and meanings is {@link
 * org.tfx.sessions.config.SettingKey}.
 */
package org.tfx.sessions.config;
