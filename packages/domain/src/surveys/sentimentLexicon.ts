// The sentiment lexicon that ships with Vefa: hand-written lists of words that
// carry opinion in customer feedback, in Azerbaijani, Turkish and English.
// Markers: `word*` matches any word starting with it (Turkic suffixes,
// English -s/-ed/-ly); `word~` is a Turkic verb stem that also matches its
// negative form (stem + -mA-/-mIr/-mIyor: "beğenmedim", "işləmir") with the
// polarity flipped; a bare word matches only itself. Entries are folded like
// every token (ə→e, ı→i, ş→s …), so "bəyən~" and "beyen~" are one entry.
import { matchingForm } from '../service/classifier/textNormalisation.ts';

const positive = {
  az: `əla əladır əlaydı əla-əla yaxşı* gözəl* super* mükəmməl* razı* razıyam məmnun* bəyən~ sevir* sevdi* sevdim xoş* hoş* təşəkkür* sağ
    rahat* sürətli* tez operativ* nəzakətli* mehriban* peşəkar* köməkçi* faydalı* təmiz* təzə* keyfiyyətli* ucuz* sərfəli*
    tövsiyə* möhtəşəm* əhsən* uğurlu* dadlı* asan* həll* qayğıkeş* səliqəli* diqqətli* qənaətbəxş*`,
  tr: `harika* iyi* güzel* süper* mükemmel* memnun* beğen~ sevdi* seviyor* teşekkür* tertemiz* yardımcı* avantajlı* kullanışlı* sağol* hızlı* çabuk* ilgili* nazik* güler*
    kibar* profesyonel* yardımsever* faydalı* temiz* taze* kaliteli* ucuz* uygun* tavsiye* muhteşem* başarılı* lezzetli*
    kolay* rahat* çöz~ çözül~ çözüm* bayıl* şahane* efsane* mutlu* sorunsuz* hızlıca* özenli* keyifli*`,
  en: `great* good excellent* amazing* awesome* perfect* love* loved liked happy* satisfied pleased* thank* fast quick*
    friendly* helpful* polite* kind professional* useful* comfortable* lovely* pleasant* works work clean* fresh* cheap* affordable* recommend* wonderful* fantastic* best
    easy* easily smooth* nice* tasty* delicious* resolved* solved* efficient* convenient* reliable* well superb*
    courteous* attentive* enjoy*`,
};

const negative = {
  az: `pis* bərbad* narazı* narazıyam problem* problemli* şikayət* yavaş* gec gecik* ləng* kobud* biganə* səhv* xarab*
    baha* bahalı* çirkli* köhnə* keyfiyyətsiz* uzun* gözlə~ növbə* əziyyət* aldat* aldad* itdi* işləmir işləmədi itirdi* itib* cavabsız* əsəb* dəhşət*
    qəbuledilməz* rəzil* heyif* yorucu* çətin* mürəkkəb* zəif* axmaq* ləğv* gəlmədi* narahat* rahatsız*`,
  tr: `kötü* berbat* rezalet* memnuniyetsiz* şikayet* sorun* problem* yavaş* geç gecik* kaba* ilgisiz* saygısız* hata* hatalı*
    bozuk* bozul* pahalı* kirli* eski* kalitesiz* uzun* bekle~ kuyruk* sıra* çöküyor* çöktü* mağdur* kandır* dolandır* kayboldu* kayıp*
    cevapsız* sinir* korkunç* yanlış* yazık* uygunsuz* rahatsız* çalışmıyor çalışmadı yorucu* zor* karmaşık* zayıf* iptal* berbattı* rezil* çöp* vasat* hayal* gelmedi*`,
  en: `bad worst* terrible* awful* horrible* poor* disappoint* unhappy* dissatisfied* problem* issue* slow* late* delay*
    rude* unfriendly* ignor* mistake* wrong* broken* expensive* overpriced* dirty* old outdated* long wait* waiting* queue*
    lost* unacceptable* useless* annoy* frustrat* confus* difficult* hard* complicated* cancel* scam* fraud* mess*
    nightmare* pathetic* refund* complain* crash* fail* unresolved* cold stale* shame*`,
};

/** Words that flip what follows them (English) or what comes right before them (Turkic). */
export const NEGATORS_BEFORE: ReadonlySet<string> = new Set(['not', 'no', 'never', 'without', 'nobody', 'hiçbir', 'heçbir', 'dont', 'didnt', 'doesnt', 'isnt', 'wasnt', 'arent', 'werent', 'cant', 'cannot', 'couldnt', 'wont', 'hardly', 'nothing', 'heç', 'hiç'].map(matchingForm));
export const NEGATORS_AFTER: ReadonlySet<string> = new Set(['değil', 'değilim', 'değildi', 'değildir', 'deyil', 'deyiləm', 'deyildi', 'deyildir', 'yok', 'yoktu', 'yox', 'yoxdur', 'yoxdu', 'olmadı', 'olmur', 'olunmadı', 'olunmayıb', 'olmayıb', 'etmedi', 'etmədi', 'kalmadım', 'kalmadı', 'qalmadım', 'gitmedi', 'gəlmədi'].map(matchingForm));
export const INTENSIFIERS: ReadonlySet<string> = new Set(['çok', 'çox', 'very', 'really', 'so', 'extremely', 'too', 'gerçekten', 'həqiqətən', 'aşırı', 'super', 'cidden', 'tam', 'lap', 'en', 'ən', 'most', 'bərk'].map(matchingForm));
/** "but": the clause after it says what the customer means. */
export const CONTRASTS: ReadonlySet<string> = new Set(['ama', 'amma', 'ancak', 'fakat', 'lakin', 'but', 'however', 'although', 'yet'].map(matchingForm));

/** Words whose beginning looks like an opinion word but is not one ("sıradan" ordinary, not "sıra" queue). */
const neutral = `sıradan sıradanı əlavə səviyyə səviyyədə ortalama çalışan çalışanlar heard`;

/** Solving words: in their clause the problem they solve is not a complaint. */
export const RESOLUTION_FORMS: ReadonlySet<string> = new Set(['həll', 'çöz', 'çözül', 'solved', 'solv', 'resolved', 'resolv', 'fixed', 'düzel'].map(matchingForm));

export interface LexiconEntry { polarity: 1 | -1 | 0; prefix: boolean; verb: boolean; form: string }

function build(): { exact: Map<string, LexiconEntry>; prefixes: Map<string, LexiconEntry> } {
  const exact = new Map<string, LexiconEntry>();
  const prefixes = new Map<string, LexiconEntry>();
  const add = (text: string, polarity: 1 | -1 | 0) => {
    for (const raw of text.split(/\s+/).filter(Boolean)) {
      const verb = raw.endsWith('~');
      const prefix = verb || raw.endsWith('*');
      const form = matchingForm(prefix ? raw.slice(0, -1) : raw);
      const entry: LexiconEntry = { polarity, prefix, verb, form };
      (prefix ? prefixes : exact).set(form, entry);
    }
  };
  for (const list of Object.values(positive)) add(list, 1);
  for (const list of Object.values(negative)) add(list, -1);
  add(neutral, 0);
  return { exact, prefixes };
}

export const LEXICON = build();
/** How many entries the lexicon holds, for the README. */
export const LEXICON_SIZE = LEXICON.exact.size + LEXICON.prefixes.size;
