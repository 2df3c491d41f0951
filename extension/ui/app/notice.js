// @ts-check
import { h } from '../shared/dom.js';

/** What the user sees for each SDK error code that stops a join. */
export const MESSAGES = {
  ERR_ROOM_LOCKED: {
    title: 'This meeting is locked',
    text: 'The host locked the room. Knock and the host can let you in.',
  },
  ERR_ROOM_FULL: {
    title: 'This meeting is full',
    text: 'The room has reached its capacity. Ask the host to make room.',
  },
  ERR_WRONG_SECRET: {
    title: 'This link does not work',
    text: 'The invite link is incomplete or wrong. Ask for the link again and paste all of it.',
  },
  ERR_ROOM_NOT_FOUND: {
    title: 'This meeting does not exist',
    text: 'The room may have expired. Ask the host for a new link.',
  },
  ERR_BAD_LINK: {
    title: 'This link does not work',
    text: 'The part after “#” is missing. Ask for the link again and paste all of it.',
  },
  ERR_SERVER_UNREACHABLE: {
    title: 'Cannot reach the server',
    text: 'Check your connection. We will keep trying.',
  },
  ERR_KNOCK_DENIED: { title: 'The host did not let you in', text: 'You can try again later.' },
  ERR_KICKED: {
    title: 'You were removed from the meeting',
    text: 'The host removed you from this room.',
  },
  LEFT: { title: 'You left the meeting', text: 'Thanks for joining.' },
  ERR_UNSUPPORTED_VERSION: {
    title: 'Please update',
    text: 'This app is older than the server. Reload the page or update the extension.',
  },
};

/**
 * A full-screen card for errors and end states.
 * @param {string} code
 * @param {Array<HTMLElement|false|null>} [actions]
 * @param {string} [detail]
 */
export function noticeCard(code, actions = [], detail) {
  const m = MESSAGES[/** @type {keyof typeof MESSAGES} */ (code)] ?? {
    title: 'Something went wrong',
    text: detail ?? code,
  };
  return h(
    'section.screen.center',
    { dataset: { screen: 'notice', code } },
    h(
      'div.card.notice',
      null,
      h('h1', null, m.title),
      h('p.muted', null, m.text),
      detail && m.text !== detail ? h('p.small.muted', null, detail) : null,
      h('div.actions', null, ...actions),
    ),
  );
}
