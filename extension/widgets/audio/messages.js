// The audio widget's words; the same keys in every language (test/i18n.test.js).
export default {
  en: {
    participants: 'Participants',
    intro:
      'Live audio of everyone here. A green ring means speaking; the loudest speaker is framed, here and in the video grid.',
    you: '{name} (you)',
    levelOf: 'Audio level of {name}',
    noAudio: 'no audio',
    muted: 'muted',
    loudest: 'loudest',
    speaking: 'speaking',
    suspended: 'The browser holds audio until you click or press a key on the page.',
    nothingYet: 'No audio is being measured yet.',
    unavailable: 'Audio levels are not available on this page.',
  },
  de: {
    participants: 'Teilnehmende',
    intro:
      'Der Ton aller Anwesenden, live. Ein grüner Ring heißt: spricht gerade; wer am lautesten ist, bekommt einen Rahmen, hier und bei den Videos.',
    you: '{name} (du)',
    levelOf: 'Pegel von {name}',
    noAudio: 'kein Ton',
    muted: 'stumm',
    loudest: 'am lautesten',
    speaking: 'spricht',
    suspended: 'Der Browser hält den Ton an, bis du auf die Seite klickst oder eine Taste drückst.',
    nothingYet: 'Noch wird kein Ton gemessen.',
    unavailable: 'Audiopegel gibt es auf dieser Seite nicht.',
  },
  es: {
    participants: 'Participantes',
    intro:
      'El audio de todos, en directo. Un anillo verde indica que habla; quien suena más lleva un marco, aquí y en los vídeos.',
    you: '{name} (tú)',
    levelOf: 'Nivel de audio de {name}',
    noAudio: 'sin audio',
    muted: 'silenciado',
    loudest: 'el más alto',
    speaking: 'habla',
    suspended:
      'El navegador retiene el audio hasta que hagas clic o pulses una tecla en la página.',
    nothingYet: 'Todavía no se mide ningún audio.',
    unavailable: 'Los niveles de audio no están disponibles en esta página.',
  },
};
