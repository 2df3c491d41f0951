// @ts-check
import { h } from '../shared/dom.js';
import { t } from '../i18n/i18n.js';

/** The SDK error codes (and end states) that have a screen of their own: `notice.<CODE>.*`. */
export const NOTICE_CODES = Object.freeze([
  'ERR_ROOM_LOCKED',
  'ERR_ROOM_FULL',
  'ERR_WRONG_SECRET',
  'ERR_ROOM_NOT_FOUND',
  'ERR_BAD_LINK',
  'ERR_SERVER_UNREACHABLE',
  'ERR_KNOCK_DENIED',
  'ERR_KICKED',
  'LEFT',
  'ERR_UNSUPPORTED_VERSION',
]);

/**
 * A full-screen card for errors and end states.
 * @param {string} code
 * @param {Array<HTMLElement|false|null>} [actions]
 * @param {string} [detail] the error's own words (from the SDK or the server: English)
 */
export function noticeCard(code, actions = [], detail) {
  const known = NOTICE_CODES.includes(code);
  const title = known ? t(`notice.${code}.title`) : t('notice.other.title');
  const text = known ? t(`notice.${code}.text`) : (detail ?? code);
  return h(
    'main.screen.center',
    { dataset: { screen: 'notice', code } },
    h(
      'div.card.notice',
      null,
      h('h1', null, title),
      h('p.muted', known ? null : { translate: 'no' }, text),
      detail && text !== detail ? h('p.small.muted', { translate: 'no' }, detail) : null,
      h('div.actions', null, ...actions),
    ),
  );
}
