/**
 * What a link (a shared URL, a bookmark) names that the Lab does not have: a language, a view
 * or a scenario it does not know (a link mistyped by hand, cut, or older than a renamed
 * scenario). The page says so, and what it shows instead, rather than ignoring it unseen.
 */
import { t, type Lang } from './i18n';

/** The URL's names: the language, the view, the scenario and an override. */
export type LinkKey = 'lang' | 'view' | 's' | 'set';

/** A name the link gave that the Lab does not know. */
export interface LinkProblem {
  key: LinkKey;
  given: string;
}

/** The views a link may name (`scenarios` is also the view a link without `view` opens). */
export const VIEWS = ['scenarios', 'lesson', 'station'] as const;
const LANGS: readonly Lang[] = ['en', 'tr'];

/** A link's value as the page quotes it: as given, cut short (a link may carry anything). */
export function linkValue(given: string): string {
  return given.length > 40 ? `${given.slice(0, 40)}…` : given;
}

/**
 * The names in `q` the Lab does not know, in the URL's order of parameters (lang, view, s),
 * then each override it cannot read (`set` without `path=`): a parameter left out is not a
 * problem (its default is what a link without it opens).
 */
export function linkProblems(q: URLSearchParams, scenarios: readonly string[]): LinkProblem[] {
  const problems: LinkProblem[] = [];
  const check = (key: LinkKey, known: readonly string[]) => {
    const given = q.get(key);
    if (given !== null && !known.includes(given)) problems.push({ key, given });
  };
  check('lang', LANGS);
  check('view', VIEWS);
  check('s', scenarios);
  // An override is `path=value`: one without a path before its `=` cannot be applied.
  for (const given of q.getAll('set'))
    if (given.indexOf('=') <= 0) problems.push({ key: 'set', given });
  return problems;
}

/** What the page says of a name it did not use: the parameter, what was given, what is shown. */
export function linkProblemText(p: LinkProblem, shownLang: Lang): string {
  const given = linkValue(p.given);
  if (p.key === 'lang')
    return t('langFromLink', { given, used: shownLang === 'tr' ? 'Türkçe' : 'English' });
  if (p.key === 'view') return t('viewFromLink', { given });
  if (p.key === 'set') return t('setFromLink', { given });
  return t('scenarioFromLink', { given });
}
