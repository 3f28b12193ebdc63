// Function words that carry no topic, per language, in matching form.
// Kept short on purpose: a long list starts removing words that do matter
// ("yok", "not" decide a complaint's meaning for people, if not for routing).
import { matchingForm } from './textNormalisation.ts';

const raw = {
  tr: `ve veya ile ama fakat ancak için gibi kadar daha çok en bir bu şu o da de ki mi mı mu mü ne
    ben sen biz siz onlar bana beni benim bize bizim size sizin ona onun olarak olan olduğu oldu olup
    ise ya hem her hiç diye göre sonra önce şey şekilde üzere rağmen dolayı tarafından tarafıma
    var yok değil ayrıca yine hala artık zaten bile sadece tüm bütün hangi neden nasıl niçin
    kez defa tarihinde ediyorum etmek ettim edildi yapılan yaptım etti olmasına rica`,
  az: `və və ya ilə amma lakin ancaq üçün kimi qədər daha çox ən bir bu həmin o da də ki mi mı mu mü nə
    mən sən biz siz onlar mənə məni mənim bizə bizim sizə sizin ona onun olaraq olan olduğu oldu
    isə hər heç sonra əvvəl şey şəkildə görə var yox deyil həm artıq yenə sadəcə bütün hansı niyə necə
    edirəm etmək etdim edildi xahiş`,
  en: `the a an and or but if then of to in on at for with from by as is are was were be been being
    i me my we our you your he she it its they them their this that these those there here
    have has had do does did not no so than too very can could would should will just about
    into over after before again please hello hi dear regards thanks thank`,
};

export type StopWordLanguage = keyof typeof raw;

function build(text: string): ReadonlySet<string> {
  return new Set(text.split(/\s+/).filter(Boolean).map(matchingForm));
}

export const STOP_WORDS: Readonly<Record<StopWordLanguage, ReadonlySet<string>>> = {
  tr: build(raw.tr),
  az: build(raw.az),
  en: build(raw.en),
};

/** Union of the three lists: the classifier does not need to know the language first. */
export const ALL_STOP_WORDS: ReadonlySet<string> = new Set([...STOP_WORDS.tr, ...STOP_WORDS.az, ...STOP_WORDS.en]);
