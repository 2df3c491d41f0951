// The words of the widget kit's language and translation helpers (language.js,
// translation-ui.js), for every built-in widget that uses them. Same keys in every language
// (test/i18n.test.js).
export default {
  en: {
    myLanguage: 'My language',
    notTranslated: '{language} · not translated',
    translating: '{language} · translating…',
    originalIn: 'Original in {language} · ',
    translatedFrom: 'Translated from {language} · ',
    showTranslation: 'Show translation',
    showOriginal: 'Show original',
    statusOff: 'Translation is off: everything is shown as written.',
    statusUnavailable: 'Translation unavailable — messages are shown as written.',
    statusLimited: 'Translation paused (too many requests) — showing originals for now.',
    statusFailing: 'The translation service is failing — showing originals for now.',
    statusBrowser: 'Translation on (in this browser).',
    statusServer: 'Translation on (via the server).',
  },
  de: {
    myLanguage: 'Meine Sprache',
    notTranslated: '{language} · nicht übersetzt',
    translating: '{language} · wird übersetzt …',
    originalIn: 'Original: {language} · ',
    translatedFrom: 'Übersetzt aus: {language} · ',
    showTranslation: 'Übersetzung zeigen',
    showOriginal: 'Original zeigen',
    statusOff: 'Übersetzung ist aus: Alles steht so da, wie es geschrieben wurde.',
    statusUnavailable:
      'Übersetzung nicht verfügbar – Nachrichten stehen so da, wie sie geschrieben wurden.',
    statusLimited: 'Übersetzung pausiert (zu viele Anfragen) – vorerst im Original.',
    statusFailing: 'Der Übersetzungsdienst hat Fehler – vorerst im Original.',
    statusBrowser: 'Übersetzung an (in diesem Browser).',
    statusServer: 'Übersetzung an (über den Server).',
  },
  es: {
    myLanguage: 'Mi idioma',
    notTranslated: '{language} · sin traducir',
    translating: '{language} · traduciendo…',
    originalIn: 'Original en {language} · ',
    translatedFrom: 'Traducido de: {language} · ',
    showTranslation: 'Ver traducción',
    showOriginal: 'Ver original',
    statusOff: 'La traducción está desactivada: todo se muestra tal como se escribió.',
    statusUnavailable:
      'Traducción no disponible: los mensajes se muestran tal como se escribieron.',
    statusLimited:
      'Traducción en pausa (demasiadas peticiones): por ahora se muestran los originales.',
    statusFailing: 'El servicio de traducción está fallando: por ahora se muestran los originales.',
    statusBrowser: 'Traducción activada (en este navegador).',
    statusServer: 'Traducción activada (a través del servidor).',
  },
};
