/**
 * Name keys for matching: a normalised spelling (what pg_trgm compares) and a phonetic key per word.
 * Written in JS because the unaccent extension may be missing, and because Double Metaphone knows
 * neither Romanian spelling (ce/ci = "ch", che/chi = "k", ș, ț) nor the Russian transliterations
 * Moldovan records mix with it (Chobanu, Kozhokaru, Shevchuk).
 */

// Letters NFD does not decompose into a base letter plus a mark.
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ŀ: 'l',
};

// Cyrillic written the Romanian way (Чобану → ciobanu), since the children's records are mostly in Romanian spelling.
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  д: 'd',
  е: 'e',
  ё: 'io',
  ж: 'j',
  з: 'z',
  и: 'i',
  й: 'i',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 't',
  ш: 's',
  щ: 'st',
  ъ: '',
  ы: 'i',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  і: 'i',
  ї: 'i',
  є: 'e',
  ґ: 'g',
};
const FRONT_CYRILLIC = new Set(['е', 'ё', 'и', 'й', 'ю', 'я', 'і', 'ї', 'є', 'ь']);

function transliterate(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1] ?? '';
    const front = FRONT_CYRILLIC.has(next);
    if (c === 'ч') out += front ? 'c' : 'ci';
    else if (c === 'к') out += front ? 'ch' : 'c';
    else if (c === 'г') out += front ? 'gh' : 'g';
    else out += CYRILLIC[c] ?? c;
  }
  return out;
}

/** Lower case, Cyrillic transliterated, accents and punctuation removed, single spaces: "Ioan-Ștefan  ŢURCANU" → "ioan stefan turcanu". */
export function normaliseName(name: string): string {
  const lower = transliterate(name.toLowerCase());
  const base = lower
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøłđðþıŀ]/g, (c) => SPECIAL[c]);
  return base
    .replace(/[^a-z]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** The words of a normalised name. */
export function nameWords(name: string): string[] {
  const n = normaliseName(name);
  return n ? n.split(' ') : [];
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const FRONT = new Set(['e', 'i', 'y']);

/**
 * A phonetic key of one word: its first letter if a vowel (y as i), then consonant sounds with the
 * vowels dropped and repeats collapsed. Ion and Ioan → "IN"; Ciobanu, Ciobanou and Chobanu → "XBN";
 * Rusu and Russu → "RS"; Cojocaru and Kozhokaru → "KJKR". X is the "ch" sound, J the "zh"/soft g.
 */
export function phoneticKey(word: string): string {
  const w = normaliseName(word).replace(/ /g, '');
  if (!w) return '';
  const codes: string[] = [];
  const emit = (c: string) => {
    if (codes[codes.length - 1] !== c) codes.push(c);
  };
  let i = 0;
  if (VOWELS.has(w[0])) {
    emit(w[0] === 'y' ? 'I' : w[0].toUpperCase());
    i = 1;
  }
  while (i < w.length) {
    const c = w[i];
    const n1 = w[i + 1] ?? '';
    const n2 = w[i + 2] ?? '';
    let code: string;
    let step = 1;
    if (VOWELS.has(c)) {
      code = '*'; // a vowel separates repeats (Sasu keeps both S) and is dropped below
    } else if (c === 'c') {
      if (n1 === 'h')
        [code, step] = [FRONT.has(n2) ? 'K' : 'X', 2]; // chi/che = k (Romanian); cho, chu = ch (transliterated)
      else if (n1 === 'k') [code, step] = ['K', 2];
      else code = FRONT.has(n1) ? 'X' : 'K';
    } else if (c === 'g') {
      if (n1 === 'h') [code, step] = ['G', 2];
      else code = FRONT.has(n1) ? 'J' : 'G';
    } else if (c === 'k') {
      [code, step] = n1 === 'h' ? ['H', 2] : ['K', 1];
    } else if (c === 'q') {
      [code, step] = n1 === 'u' ? ['K', 2] : ['K', 1];
    } else if (c === 'x') {
      emit('K');
      code = 'S';
    } else if (c === 's') {
      [code, step] = n1 === 'h' || n1 === 'z' ? ['S', 2] : ['S', 1];
    } else if (c === 't') {
      [code, step] = n1 === 's' || n1 === 'z' || n1 === 'h' ? ['T', 2] : ['T', 1]; // ț written ts/tz
    } else if (c === 'd') {
      if (n1 === 'z' && n2 === 'h') [code, step] = ['J', 3];
      else if (n1 === 'j') [code, step] = ['J', 2];
      else if (n1 === 'z') [code, step] = ['Z', 2];
      else code = 'D';
    } else if (c === 'z') {
      [code, step] = n1 === 'h' ? ['J', 2] : ['Z', 1];
    } else if (c === 'p') {
      [code, step] = n1 === 'h' ? ['F', 2] : ['P', 1];
    } else if (c === 'w') {
      code = 'V';
    } else {
      code = c.toUpperCase();
    }
    emit(code);
    i += step;
  }
  return codes
    .filter((c) => c !== '*')
    .join('')
    .slice(0, 8);
}

/** The words of a name as written (letters only), each with its phonetic key; initials of one letter left out. */
export function keyedWords(name: string): Array<{ text: string; key: string }> {
  return (name.match(/[\p{L}\p{M}]+/gu) ?? []).filter((t) => normaliseName(t).length > 1).map((text) => ({ text, key: phoneticKey(text) }));
}

/** Distinct phonetic keys of a name's words. */
export function phoneticKeys(name: string): string[] {
  return [
    ...new Set(
      keyedWords(name)
        .map((w) => w.key)
        .filter(Boolean),
    ),
  ];
}
