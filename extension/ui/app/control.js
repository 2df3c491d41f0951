// @ts-check
import { h, icon, replace } from '../shared/dom.js';

/**
 * A call control: a round icon with its label written under it. The label is the button's
 * accessible name too (no aria-label that could drift from what people read), and it says what
 * a click does now ("Unmute", "Stop video"), so a glance and a screen reader agree.
 * @param {{id: string, icon: Parameters<typeof icon>[0], label: string, onclick: () => void, kind?: 'danger'|'wide', hidden?: boolean}} o
 */
export function controlButton(o) {
  const face = h(`span.round${o.kind === 'wide' ? '.wide' : ''}`, null, icon(o.icon));
  const label = h('span.ctl-label', null, o.label);
  const el = h(
    `button.ctl${o.kind === 'danger' ? '.danger' : ''}`,
    { type: 'button', id: o.id, hidden: o.hidden, onclick: o.onclick },
    face,
    label,
  );
  return {
    el,
    /** where a badge goes (over the icon) */
    face,
    /**
     * @param {{icon?: Parameters<typeof icon>[0], label?: string, off?: boolean, active?: boolean}} s
     */
    set(s) {
      if (s.icon)
        replace(face, icon(s.icon), ...[...face.children].filter((c) => c.tagName !== 'svg'));
      if (s.label !== undefined) label.textContent = s.label;
      if (s.off !== undefined) el.classList.toggle('off', s.off);
      if (s.active !== undefined) el.classList.toggle('active', s.active);
    },
  };
}
