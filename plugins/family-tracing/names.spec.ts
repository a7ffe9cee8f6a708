import { keyedWords, nameWords, normaliseName, phoneticKey, phoneticKeys } from './names';

describe('normaliseName', () => {
  it.each([
    ['Ioan-Ștefan  ŢURCANU', 'ioan stefan turcanu'],
    ['Mărioara Bălan', 'marioara balan'],
    ['  Îngeraș  ', 'ingeras'],
    ["D'Artagnan, Jr.", 'd artagnan jr'],
    ['Łukasz Øster', 'lukasz oster'],
    ['Чобану Иван', 'ciobanu ivan'],
    ['Кожокару', 'cojocaru'],
    ['Георгий', 'gheorghii'],
    ['', ''],
  ])('%s → %s', (raw, expected) => expect(normaliseName(raw)).toBe(expected));

  it('splits words', () => expect(nameWords('Ana-Maria Rusu')).toEqual(['ana', 'maria', 'rusu']));
});

describe('phoneticKey', () => {
  const same = (a: string, b: string) => expect(phoneticKey(a)).toBe(phoneticKey(b));
  const differ = (a: string, b: string) => expect(phoneticKey(a)).not.toBe(phoneticKey(b));

  it('handles the misspellings the families make', () => {
    same('Ion', 'Ioan');
    same('Ciobanu', 'Ciobanou');
    same('Rusu', 'Russu');
    same('Ecaterina', 'Ekaterina');
    same('Natalia', 'Natalya');
    same('Vasile', 'Vasilii');
  });

  it('reads Romanian spelling: ce/ci = ch, che/chi = k, ge/gi = soft g, ghe/ghi = hard g, ș, ț', () => {
    expect(phoneticKey('Ciobanu')).toBe('XBN');
    expect(phoneticKey('Chiriac')).toBe('KRK');
    same('Țurcanu', 'Turcanu');
    same('Țurcanu', 'Tsurcanu');
    same('Gheorghe', 'Gheorghi');
    differ('Gheorghe', 'George');
    same('Șevciuc', 'Sevciuc');
  });

  it('reads Russian transliterations of the same names', () => {
    same('Ciobanu', 'Chobanu');
    same('Cojocaru', 'Kozhokaru');
    same('Șevciuc', 'Shevchuk');
    same('Chiriac', 'Kiriak');
    same('Iulia', 'Yulia');
    same('Ciobanu', 'Чобану');
  });

  it('keeps names that sound different apart', () => {
    differ('Ion', 'Ana');
    differ('Rusu', 'Sasu');
    differ('Lupu', 'Lungu');
    expect(phoneticKey('Sasu')).toBe('SS');
  });

  it('has no key for an empty word', () => expect(phoneticKey('  -- ')).toBe(''));
});

describe('keyedWords and phoneticKeys', () => {
  it('keeps the words as written, without initials', () => {
    expect(keyedWords('Ioan C. Ciobanou')).toEqual([
      { text: 'Ioan', key: 'IN' },
      { text: 'Ciobanou', key: 'XBN' },
    ]);
  });

  it('gives distinct keys', () => expect(phoneticKeys('Ion Ioan Ciobanu')).toEqual(['IN', 'XBN']));
});
