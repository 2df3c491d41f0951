// @ts-check
/**
 * The CodeMirror 6 editor of the Code widget, bound to the shared Y.Text. Loaded on demand the
 * first time the widget is shown (CodeMirror is most of the widget's weight), as its own chunk.
 */
import {
  EditorView,
  crosshairCursor,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  placeholder,
  rectangularSelection,
} from '@codemirror/view';
import { Compartment, EditorState } from '@codemirror/state';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import {
  HighlightStyle,
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { tags as t } from '@lezer/highlight';
import * as Y from 'yjs';
import { yCollab, ySyncAnnotation, yUndoManagerKeymap } from 'y-codemirror.next';
import { remoteCursors } from './cursors.js';
import { loadLanguage } from './language-support.js';

/** Longest document this editor lets its user type (others' edits always apply). */
export const MAX_DOC_CHARS = 500_000;

/** Dark theme in the colours of widget-base.css. */
const theme = EditorView.theme(
  {
    '&': {
      height: '100%',
      color: 'var(--w-fg)',
      backgroundColor: 'var(--w-bg-2)',
      border: '1px solid var(--w-line)',
      borderRadius: 'var(--w-radius)',
      overflow: 'hidden',
    },
    '&.cm-focused': { outline: '2px solid var(--w-accent)', outlineOffset: '-1px' },
    '.cm-scroller': {
      fontFamily:
        "ui-monospace, 'SF Mono', 'Cascadia Code', 'JetBrains Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace",
      fontSize: '13px',
      lineHeight: '1.55',
    },
    '.cm-content': { caretColor: 'var(--w-accent)', padding: '8px 0' },
    '.cm-cursor, .cm-dropCursor': { borderLeft: '2px solid var(--w-accent)' },
    '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
      { backgroundColor: 'rgb(123 134 255 / 30%)' },
    '.cm-gutters': {
      backgroundColor: 'var(--w-bg)',
      color: 'var(--w-muted)',
      border: 'none',
      borderRight: '1px solid var(--w-line)',
    },
    '.cm-activeLine': { backgroundColor: 'rgb(255 255 255 / 3.5%)' },
    '.cm-activeLineGutter': { backgroundColor: 'rgb(255 255 255 / 6%)', color: 'var(--w-fg)' },
    '.cm-selectionMatch': { backgroundColor: 'rgb(255 255 255 / 9%)' },
    '&.cm-focused .cm-matchingBracket': {
      backgroundColor: 'rgb(123 134 255 / 25%)',
      outline: '1px solid rgb(123 134 255 / 55%)',
    },
    '.cm-foldPlaceholder': {
      backgroundColor: 'var(--w-raised)',
      border: 'none',
      color: 'var(--w-muted)',
    },
    '.cm-placeholder': { color: 'var(--w-muted)' },
    '.cm-panels': { backgroundColor: 'var(--w-raised)', color: 'var(--w-fg)' },
    '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--w-line)' },
    '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--w-line)' },
    '.cm-searchMatch': {
      backgroundColor: 'rgb(255 204 102 / 22%)',
      outline: '1px solid rgb(255 204 102 / 50%)',
    },
    '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'rgb(255 204 102 / 40%)' },
    '.cm-textfield': {
      backgroundColor: 'var(--w-bg-2)',
      color: 'var(--w-fg)',
      border: '1px solid var(--w-line)',
      borderRadius: '6px',
    },
    '.cm-button': {
      backgroundImage: 'none',
      backgroundColor: 'rgb(255 255 255 / 8%)',
      color: 'var(--w-fg)',
      border: '1px solid var(--w-line)',
      borderRadius: '6px',
    },
    '.cm-tooltip': {
      backgroundColor: 'var(--w-raised)',
      color: 'var(--w-fg)',
      border: '1px solid var(--w-line)',
    },
  },
  { dark: true },
);

/** Syntax colours for a dark background. */
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.modifier, t.controlKeyword, t.operatorKeyword], color: '#c792ea' },
  { tag: [t.definitionKeyword, t.moduleKeyword], color: '#c792ea' },
  { tag: [t.string, t.special(t.string), t.regexp], color: '#c3e88d' },
  { tag: [t.number, t.bool, t.null, t.atom], color: '#f78c6c' },
  {
    tag: [t.comment, t.lineComment, t.blockComment, t.docComment],
    color: '#7a839a',
    fontStyle: 'italic',
  },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: '#82aaff' },
  { tag: [t.definition(t.function(t.variableName))], color: '#82aaff' },
  { tag: [t.typeName, t.className, t.namespace], color: '#ffcb6b' },
  { tag: [t.propertyName], color: '#a6c8ff' },
  { tag: [t.definition(t.variableName), t.definition(t.propertyName)], color: '#eeffff' },
  { tag: [t.operator, t.punctuation, t.separator], color: '#89ddff' },
  { tag: [t.bracket], color: '#b8c1d9' },
  { tag: [t.tagName], color: '#f07178' },
  { tag: [t.attributeName], color: '#ffcb6b' },
  { tag: [t.attributeValue], color: '#c3e88d' },
  { tag: [t.meta, t.annotation, t.processingInstruction], color: '#ffcb6b' },
  { tag: [t.self, t.special(t.variableName)], color: '#ff9cac' },
  { tag: [t.heading], color: '#82aaff', fontWeight: '700' },
  { tag: [t.strong], fontWeight: '700' },
  { tag: [t.emphasis], fontStyle: 'italic' },
  { tag: [t.strikethrough], textDecoration: 'line-through' },
  { tag: [t.link, t.url], color: '#89ddff', textDecoration: 'underline' },
  { tag: [t.quote], color: '#a6accd', fontStyle: 'italic' },
  { tag: [t.monospace], color: '#c3e88d' },
  { tag: [t.invalid], color: '#ff6b7d' },
]);

/**
 * @typedef {object} EditorOptions
 * @property {HTMLElement} parent
 * @property {Y.Text} ytext
 * @property {import('y-protocols/awareness').Awareness} awareness
 * @property {(clientId: number) => {name: string, colour: number}|null} describe
 * @property {(pos: {line: number, col: number, lines: number}) => void} onCursor
 * @property {(text: string) => void} notify
 *
 * @typedef {object} Editor
 * @property {EditorView} view
 * @property {(id: string) => Promise<void>} setLanguage
 * @property {() => void} destroy
 */

/**
 * @param {EditorOptions} o
 * @returns {Editor}
 */
export function createEditor(o) {
  const language = new Compartment();
  const undoManager = new Y.UndoManager(o.ytext);
  let told = 0;
  const view = new EditorView({
    parent: o.parent,
    state: EditorState.create({
      doc: o.ytext.toString(),
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        foldGutter(),
        drawSelection(),
        dropCursor(),
        EditorState.allowMultipleSelections.of(true),
        indentOnInput(),
        indentUnit.of('    '),
        syntaxHighlighting(highlight),
        bracketMatching(),
        closeBrackets(),
        rectangularSelection(),
        crosshairCursor(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        placeholder('Start typing: everyone in the room edits this file together.'),
        keymap.of([
          ...closeBracketsKeymap,
          ...yUndoManagerKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...foldKeymap,
          indentWithTab,
        ]),
        theme,
        language.of([]),
        yCollab(o.ytext, null, { undoManager }),
        remoteCursors({ ytext: o.ytext, awareness: o.awareness, describe: o.describe }),
        EditorView.contentAttributes.of({ 'aria-label': 'Shared code' }),
        // Our own typing stops at the size limit; what arrives from the others always applies.
        EditorState.transactionFilter.of((tr) => {
          if (!tr.docChanged || tr.annotation(ySyncAnnotation)) return tr;
          if (tr.newDoc.length <= MAX_DOC_CHARS || tr.newDoc.length <= tr.startState.doc.length) {
            return tr;
          }
          if (Date.now() - told > 5000) {
            told = Date.now();
            o.notify(`The file is limited to ${MAX_DOC_CHARS.toLocaleString('en')} characters.`);
          }
          return [];
        }),
        EditorView.updateListener.of((u) => {
          if (!u.selectionSet && !u.docChanged) return;
          const head = u.state.selection.main.head;
          const line = u.state.doc.lineAt(head);
          o.onCursor({ line: line.number, col: head - line.from + 1, lines: u.state.doc.lines });
        }),
      ],
    }),
  });
  // Our cursor shows once we are in the editor (fields of the widget's awareness state).
  if (o.awareness.getLocalState() === null) o.awareness.setLocalState({});
  o.awareness.setLocalStateField('editing', true);

  let wanted = '';
  return {
    view,
    async setLanguage(id) {
      wanted = id;
      const support = await loadLanguage(id);
      if (wanted !== id) return; // another choice came meanwhile
      view.dispatch({ effects: language.reconfigure(support ?? []) });
    },
    destroy() {
      o.awareness.setLocalStateField('editing', null);
      o.awareness.setLocalStateField('cursor', null);
      view.destroy();
      undoManager.destroy();
    },
  };
}
