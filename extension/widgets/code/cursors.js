// @ts-check
/**
 * The others' cursors and selections in the editor, from the Yjs awareness states, and ours into
 * our awareness state. Unlike y-codemirror.next's own plugin, names and colours come from the
 * room (the server-stamped sender of each awareness update), never from what a peer claims, and
 * colours are CSS classes, not inline styles (the page's Content-Security-Policy forbids them).
 */
import { Decoration, ViewPlugin, WidgetType } from '@codemirror/view';
import { Annotation } from '@codemirror/state';
import * as Y from 'yjs';

/** A cursor shows its name this long after it moved (and on hover). */
const NAME_MS = 2500;

const refresh = Annotation.define();

class Caret extends WidgetType {
  /**
   * @param {string} name
   * @param {number} colour
   * @param {boolean} fresh it just moved: show the name
   * @param {boolean} below on the first line the name goes under the caret, not above
   */
  constructor(name, colour, fresh, below) {
    super();
    this.name = name;
    this.colour = colour;
    this.fresh = fresh;
    this.below = below;
  }

  /** @param {Caret} other */
  eq(other) {
    return (
      other.name === this.name &&
      other.colour === this.colour &&
      other.fresh === this.fresh &&
      other.below === this.below
    );
  }

  toDOM() {
    const caret = document.createElement('span');
    caret.className = `cm-remote-caret cm-remote-c${this.colour}${this.fresh ? ' fresh' : ''}${this.below ? ' below' : ''}`;
    caret.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.className = 'cm-remote-name';
    label.textContent = this.name;
    caret.appendChild(label);
    return caret;
  }

  ignoreEvent() {
    return true;
  }
}

/**
 * @param {{ytext: Y.Text, awareness: import('y-protocols/awareness').Awareness, describe: (clientId: number) => {name: string, colour: number}|null}} o
 *   describe: who an awareness client is, or null when it is not a participant we know
 */
export function remoteCursors(o) {
  const { ytext, awareness, describe } = o;
  const doc = /** @type {Y.Doc} */ (ytext.doc);

  return ViewPlugin.fromClass(
    class {
      /** @param {import('@codemirror/view').EditorView} view */
      constructor(view) {
        this.view = view;
        this.decorations = Decoration.none;
        this.gone = false;
        /** @type {Map<number, number>} client → when its cursor last moved */
        this.moved = new Map();
        this.onChange = (
          /** @type {{added: number[], updated: number[], removed: number[]}} */ c,
        ) => {
          const now = Date.now();
          const others = [...c.added, ...c.updated].filter((id) => id !== doc.clientID);
          for (const id of others) this.moved.set(id, now);
          for (const id of c.removed) this.moved.delete(id);
          if (others.length || c.removed.some((id) => id !== doc.clientID)) this.redraw();
        };
        awareness.on('change', this.onChange);
        // Names fade a moment after their cursor stopped.
        this.timer = setInterval(() => {
          const now = Date.now();
          for (const t of this.moved.values()) {
            if (now - t > NAME_MS && now - t < NAME_MS + 1100) {
              this.redraw();
              return;
            }
          }
        }, 500);
      }

      redraw() {
        // Never from inside an update of this view (awareness changes we cause come from one).
        queueMicrotask(() => {
          if (!this.gone) this.view.dispatch({ annotations: refresh.of(true) });
        });
      }

      /** @param {import('@codemirror/view').ViewUpdate} update */
      update(update) {
        this.publishOwn(update);
        this.decorations = this.build(update.state.doc);
      }

      /** @param {import('@codemirror/view').ViewUpdate} update */
      publishOwn(update) {
        const local = awareness.getLocalState();
        if (!local?.editing || !update.view.hasFocus) return;
        if (!update.selectionSet && !update.docChanged && !update.focusChanged) return;
        const sel = update.state.selection.main;
        const anchor = Y.createRelativePositionFromTypeIndex(ytext, sel.anchor);
        const head = Y.createRelativePositionFromTypeIndex(ytext, sel.head);
        const cur = local.cursor;
        if (
          cur &&
          Y.compareRelativePositions(Y.createRelativePositionFromJSON(cur.anchor), anchor) &&
          Y.compareRelativePositions(Y.createRelativePositionFromJSON(cur.head), head)
        ) {
          return;
        }
        awareness.setLocalStateField('cursor', { anchor, head });
      }

      /** @param {import('@codemirror/state').Text} text the document */
      build(text) {
        const length = text.length;
        const now = Date.now();
        const ranges = [];
        for (const [clientId, state] of awareness.getStates()) {
          if (clientId === doc.clientID) continue;
          const who = describe(clientId);
          const cursor = state?.cursor;
          if (!who || !cursor || !cursor.anchor || !cursor.head) continue;
          let anchor;
          let head;
          try {
            anchor = Y.createAbsolutePositionFromRelativePosition(
              Y.createRelativePositionFromJSON(cursor.anchor),
              doc,
            );
            head = Y.createAbsolutePositionFromRelativePosition(
              Y.createRelativePositionFromJSON(cursor.head),
              doc,
            );
          } catch {
            continue;
          }
          if (!anchor || !head || anchor.type !== ytext || head.type !== ytext) continue;
          const a = Math.min(anchor.index, length);
          const h = Math.min(head.index, length);
          if (a !== h) {
            ranges.push(
              Decoration.mark({ class: `cm-remote-sel cm-remote-c${who.colour}` }).range(
                Math.min(a, h),
                Math.max(a, h),
              ),
            );
          }
          const fresh = now - (this.moved.get(clientId) ?? 0) < NAME_MS;
          ranges.push(
            Decoration.widget({
              widget: new Caret(who.name, who.colour, fresh, text.lineAt(h).number === 1),
              side: h > a ? -1 : 1,
            }).range(h),
          );
        }
        return Decoration.set(ranges, true);
      }

      destroy() {
        this.gone = true;
        awareness.off('change', this.onChange);
        clearInterval(this.timer);
      }
    },
    { decorations: (v) => v.decorations },
  );
}
