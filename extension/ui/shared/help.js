// @ts-check
/**
 * "?" links from each screen to the page of the user manual that explains it. The manual is
 * served by the server, so pages of the extension (another origin) need its absolute URL.
 */
import { h } from './dom.js';
import { t } from '../i18n/i18n.js';

/** Manual pages by screen; the paths are the manual's stable URLs. */
export const HELP_PAGES = Object.freeze({
  landing: 'getting-started',
  prejoin: 'pre-join',
  room: 'room-controls',
  notice: 'troubleshooting',
});

/**
 * @param {string} serverUrl the server that serves the manual ('' for the page's own origin)
 * @param {keyof typeof HELP_PAGES} screen
 */
export function helpUrl(serverUrl, screen) {
  return `${serverUrl.replace(/\/+$/, '')}/manual/user/${HELP_PAGES[screen]}`;
}

/**
 * @param {string} serverUrl
 * @param {keyof typeof HELP_PAGES} screen
 */
export function helpLink(serverUrl, screen) {
  return h(
    'a.help',
    {
      href: helpUrl(serverUrl, screen),
      target: '_blank',
      rel: 'noopener',
      title: t('help.label'),
      'aria-label': t('help.label'),
      dataset: { help: screen },
    },
    '?',
  );
}
