/** Labels are translated: at least `en`; `fr` expected for every user-facing label. */
export type Translated = Record<string, string>;
