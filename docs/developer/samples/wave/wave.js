// The "Wave" sample widget of the tutorial (docs/developer/widget-tutorial.md).
// It shows everyone in the room with how often they waved, and a button to wave.
// - the wave itself is a message to everyone: ctx.broadcast({ wave: true })
// - the counts are shared state, so people who join later see them: ctx.state.set(…)

/** @param {string} tag @param {string} [text] */
function el(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text; // peer names are text, never HTML
  return node;
}

export function mount(ctx) {
  const last = el('p', 'Nobody has waved yet.');
  last.className = 'wave-last';
  const people = el('ul');
  people.className = 'wave-people';
  const button = el('button', '👋 Wave');
  button.className = 'primary';
  ctx.container.append(last, people, button);

  const waves = (peerId) => ctx.state.get(`waves:${peerId}`) ?? 0;

  function render() {
    const everyone = [{ ...ctx.self, name: `${ctx.self.name} (you)` }, ...ctx.peers()];
    people.replaceChildren(
      ...everyone.map((p) => {
        const li = el('li');
        li.append(el('span', p.name), el('span', `👋 ${waves(p.peerId)}`));
        return li;
      }),
    );
  }

  function show(text) {
    last.textContent = text;
    last.classList.remove('fresh');
    void last.offsetWidth; // restart the animation
    last.classList.add('fresh');
  }

  button.addEventListener('click', () => {
    ctx.broadcast({ wave: true });
    ctx.state.set(`waves:${ctx.self.peerId}`, waves(ctx.self.peerId) + 1);
    show('You waved.');
  });

  ctx.on('message', ({ from, payload }) => {
    if (payload?.wave !== true) return;
    const name = ctx.peer(from)?.name ?? 'Someone';
    show(`${name} waves at everyone!`);
    if (!ctx.visible) ctx.ui.setBadge('👋');
  });
  ctx.on('show', () => ctx.ui.setBadge(null));
  ctx.on('peer-joined', render);
  ctx.on('peer-left', render);
  ctx.on('peer-updated', render);
  ctx.state.on(render);
  render();
}
