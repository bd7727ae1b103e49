import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../../lab/src/i18n';
import { linkProblemText, linkProblems } from '../../../lab/src/link';

describe("a link's overrides the Lab cannot read", () => {
  afterEach(() => setLang('en'));
  const problems = (search: string) => linkProblems(new URLSearchParams(search), ['teaching-mmc']);

  it('names an override without path= instead of dropping it unseen', () => {
    const q = '?s=teaching-mmc&set=garbage&set=%3D3&set=stations.desk.servers%3D11';
    expect(problems(q)).toEqual([
      { key: 'set', given: 'garbage' },
      { key: 'set', given: '=3' },
    ]);
    const [first] = problems(q);
    expect(linkProblemText(first, 'en')).toContain('set=garbage was not used');
    expect(linkProblemText(first, 'en')).toContain('path=value');
    setLang('tr');
    expect(linkProblemText(first, 'tr')).toContain('set=garbage kullanılmadı');
  });

  it('takes a well-formed override, even one whose value is empty or holds an =', () => {
    expect(problems('?s=teaching-mmc&set=horizon%3D&set=a.b%3Dx%3Dy')).toEqual([]);
  });
});
