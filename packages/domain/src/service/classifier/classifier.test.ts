import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { complaintsFromCsv, parseCsvRecords, type BankComplaint } from './complaintsDataset.ts';
import { detectLanguage } from './detectLanguage.ts';
import { evaluateClassification, splitTrainHeldOut } from './evaluation.ts';
import { modelFromJSON, modelToJSON, predictLabel, trainNaiveBayes, type LabelledText } from './naiveBayes.ts';

const dataUrl = (file: string): URL => new URL(`../../../../../../shared/data/complaints/${file}`, import.meta.url);
const complaints: BankComplaint[] = ['sikayetvar_isbank.csv', 'sikayetvar_vakifbank.csv'].flatMap((f) =>
  complaintsFromCsv(readFileSync(dataUrl(f), 'utf8')),
);

describe('CSV reading', () => {
  it('handles quotes, commas and newlines in fields', () => {
    expect(parseCsvRecords('a,b\n"x, ""y""","line1\nline2"\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', 'line1\nline2'],
    ]);
  });

  it('reads the complaints: 3,959 rows with text and tag, less one duplicated id', () => {
    expect(complaints.length).toBeGreaterThanOrEqual(3950);
    expect(complaints.length).toBeLessThanOrEqual(3959);
    expect(complaints.every((c) => c.department !== null)).toBe(true);
  });
});

describe('department classifier on Şikayetvar bank complaints (held-out 20 %)', () => {
  const { train, heldOut } = splitTrainHeldOut(complaints, (c) => `${c.bank}:${c.id}`, 0.2, 'vefa-service');
  const run = (withTitle: boolean) => {
    const ex = (c: BankComplaint): LabelledText => ({
      text: withTitle ? `${c.title}\n${c.text}` : c.text,
      label: c.department ?? 'none',
    });
    const model = trainNaiveBayes(train.map(ex));
    const report = evaluateClassification(heldOut.map(ex).map((e) => ({ actual: e.label, predicted: predictLabel(model, e.text).label })));
    return { model, report };
  };

  it('beats the majority class clearly, with and without the title', () => {
    const majority = Math.max(...['KART', 'HESAP_ODEME', 'KREDI', 'SIGORTA_EMEKLILIK', 'YATIRIM_MEVDUAT'].map((d) => heldOut.filter((c) => c.department === d).length)) / heldOut.length;
    for (const withTitle of [true, false]) {
      const { report } = run(withTitle);
      console.log(
        `complaints → department (${withTitle ? 'title + text' : 'text only'}): train ${train.length}, held-out ${heldOut.length}, ` +
          `accuracy ${report.accuracy.toFixed(3)}, macro-F1 ${report.macroF1.toFixed(3)} (majority class ${majority.toFixed(3)})`,
      );
      // Measured 0.74–0.75 accuracy and 0.72 macro-F1 (5 departments); the tags are chosen by complainants, so label noise caps this.
      expect(report.accuracy).toBeGreaterThan(0.66);
      expect(report.macroF1).toBeGreaterThan(0.6);
      expect(report.accuracy).toBeGreaterThan(majority + 0.25);
    }
  });

  it('serialises to JSON and predicts the same after a round trip', () => {
    const { model } = run(true);
    const restored = modelFromJSON(JSON.parse(JSON.stringify(modelToJSON(model))));
    for (const c of heldOut.slice(0, 50)) {
      const a = predictLabel(model, c.text);
      const b = predictLabel(restored, c.text);
      expect(b.label).toBe(a.label);
      expect(b.confidence).toBeCloseTo(a.confidence, 6);
    }
    expect(() => modelFromJSON({ ...modelToJSON(model), version: 2 } as unknown as ReturnType<typeof modelToJSON>)).toThrow(RangeError);
  });

  it('finds Turkish in every complaint', () => {
    const tr = complaints.filter((c) => detectLanguage(c.text) === 'tr').length;
    expect(tr / complaints.length).toBeGreaterThan(0.97);
  });
});

// A small hand-written Azerbaijani/English set: a sanity check that the
// tokeniser and stemmer work beyond Turkish, not a benchmark.
const small: LabelledText[] = [
  { label: 'card', text: 'Kartım bloklanıb, bankomatdan pul çıxara bilmirəm' },
  { label: 'card', text: 'Kredit kartımdan icazəsiz əməliyyat olunub, kartı bağlayın' },
  { label: 'card', text: 'Yeni kart sifariş etdim, kart hələ çatdırılmayıb' },
  { label: 'card', text: 'My card was blocked and the ATM kept my card' },
  { label: 'card', text: 'Unauthorised payment on my credit card, please block the card' },
  { label: 'card', text: 'I ordered a new card and it has not arrived' },
  { label: 'loan', text: 'Kredit faizi çox yüksəkdir, kredit müqaviləsini görmək istəyirəm' },
  { label: 'loan', text: 'Kreditin aylıq ödənişi səhv hesablanıb, borcum artıb' },
  { label: 'loan', text: 'İpoteka krediti üçün müraciət etdim, cavab yoxdur' },
  { label: 'loan', text: 'The interest rate on my loan is too high, send me the loan contract' },
  { label: 'loan', text: 'My monthly loan payment was calculated wrong and my debt grew' },
  { label: 'loan', text: 'I applied for a mortgage loan and got no answer' },
  { label: 'account', text: 'Hesabıma maaş köçürülməyib, hesabdan çıxarış lazımdır' },
  { label: 'account', text: 'Köçürmə hesaba gəlmədi, pul hesabımdan silinib' },
  { label: 'account', text: 'Hesab açmaq üçün filiala getdim, hesab açılmadı' },
  { label: 'account', text: 'My salary was not transferred to my account, I need a statement' },
  { label: 'account', text: 'The transfer never reached the account but left my balance' },
  { label: 'account', text: 'I went to the branch to open an account and could not' },
];

describe('Azerbaijani and English', () => {
  const model = trainNaiveBayes(small, { minCount: 1 });

  it.each([
    ['Kartımı bloklayın, kart oğurlanıb', 'card'],
    ['Kreditimin faizi niyə artıb?', 'loan'],
    ['Hesabımdan pul silinib, köçürmə gəlməyib', 'account'],
    ['Please block my stolen card', 'card'],
    ['Why did my loan interest rate go up?', 'loan'],
    ['Money left my account but the transfer did not arrive', 'account'],
  ])('%s → %s', (text, label) => {
    const p = predictLabel(model, text);
    expect(p.label).toBe(label);
    expect(p.confidence).toBeGreaterThan(0.34);
  });

  it.each([
    ['Salam, kartım bloklanıb, xahiş edirəm kömək edin', 'az'],
    ['Müraciətimə cavab verilməyib, vəziyyət çox pisdir', 'az'],
    ['Merhaba, kartım bloke oldu, lütfen yardımcı olun', 'tr'],
    ['Başvuruma cevap verilmedi, durum çok kötü', 'tr'],
    ['Hello, my card is blocked, please help', 'en'],
    ['12345 ***', 'unknown'],
  ])('detects the language of "%s" as %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });
});
