// The entry module of the IT sample widget: importing it proves the sandbox frame may load it.
import { util } from './lib/util.mjs';

export const marker = 'it-echo-loaded:' + util;

export function mount() {}

export function unmount() {}
